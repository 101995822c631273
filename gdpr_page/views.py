"""Public pages: the GDPR page (its latest published version), the archive of versions and their JSON."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from callnex_compliance.platform_data.models import OrganisationProfile

from .models import PageVersion


def _body(version: PageVersion) -> str:
    language = (get_language() or "en").split("-")[0]
    return version.html.get(language) or version.html.get("en", "")


def _version_or_404(number: int) -> PageVersion:
    version = PageVersion.objects.filter(number=number).first()
    if version is None:
        raise Http404("No such version of the GDPR page.")
    return version


@require_http_methods(["GET", "HEAD"])
def page(request: HttpRequest) -> HttpResponse:
    """Show the latest published version; before the first publication, say so and where to write."""
    version = PageVersion.objects.latest_published()
    context = {"organisation": OrganisationProfile.get_solo(), "version": version, "current": True}
    if version is not None:
        context["body"] = _body(version)
    return render(request, "gdpr_page/page.html", context)


@require_http_methods(["GET", "HEAD"])
def version_list(request: HttpRequest) -> HttpResponse:
    """List every published version, newest first, each at its stable URL."""
    versions = PageVersion.objects.only("number", "published_at", "note").order_by("-number")
    context = {"organisation": OrganisationProfile.get_solo(), "versions": versions}
    return render(request, "gdpr_page/version_list.html", context)


@require_http_methods(["GET", "HEAD"])
def version_detail(request: HttpRequest, number: int) -> HttpResponse:
    """Show one published version as it read, with what changed since the version before."""
    version = _version_or_404(number)
    latest = PageVersion.objects.latest_published()
    context = {
        "organisation": OrganisationProfile.get_solo(),
        "version": version,
        "body": _body(version),
        "current": latest is not None and latest.pk == version.pk,
        "archive": True,
    }
    return render(request, "gdpr_page/page.html", context)


@require_http_methods(["GET", "HEAD"])
def version_json(request: HttpRequest, number: int) -> JsonResponse:
    """Return one published version as JSON, for customers' vendor-risk tooling."""
    version = _version_or_404(number)
    data = {
        "version": version.number,
        "published_at": version.published_at.isoformat(),
        "last_updated": timezone.localdate(version.published_at).isoformat(),
        "url": request.build_absolute_uri(reverse("gdpr_page:version-detail", args=[version.number])),
        "fingerprint": version.fingerprint,
        "changes": version.diff,
        "content": version.content,
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})

"""Staff pages inside the admin: the check findings, the Art. 30 records and the workflow buttons."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from callnex_compliance.admin_site import admin_object_pk
from callnex_compliance.pdf import html_to_pdf

from . import services
from .assistance import render_assistance_pack
from .checks import RULES_BY_CODE, register_findings
from .models import Dpia, ProcessingActivity
from .ropa import CONTROLLER, PROCESSOR, build_record, render, render_html
from .ropa_i18n import LANGUAGES

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def _require(request: HttpRequest, codename: str) -> None:
    if not request.user.has_perm(f"legal_basis.{codename}"):
        raise PermissionDenied


def findings_view(request: HttpRequest) -> TemplateResponse:
    """Show every finding of the cross-register checks, with links to the activities at fault."""
    _require(request, "view_processingactivity")
    findings = register_findings()
    rows = [
        {
            "finding": finding,
            "title": RULES_BY_CODE[finding.rule].title,
            "url": reverse("admin:legal_basis_processingactivity_change", args=[finding.object_id]),
        }
        for finding in findings
    ]
    context = {
        **admin.site.each_context(request),
        "title": "Register checks",
        "rows": rows,
        "rules": RULES_BY_CODE.values(),
        "opts": ProcessingActivity._meta,
    }
    return TemplateResponse(request, "legal_basis/admin/findings.html", context)


def ropa_view(request: HttpRequest, kind: str) -> HttpResponse:
    """Show a record as a printable page or download it (?format=csv|json|html|pdf); ?activity=<id> for one.

    ?language=nl|fr gives the headings in Dutch or French, for the Belgian authority.
    """
    _require(request, "view_processingactivity")
    if kind not in (CONTROLLER, PROCESSOR):
        return HttpResponse("Unknown record: choose controller or processor.", status=404, content_type="text/plain")
    fmt = request.GET.get("format", "html")
    if fmt not in CONTENT_TYPES:
        return HttpResponse("Unknown format: choose csv, json, html or pdf.", status=400, content_type="text/plain")
    language = request.GET.get("language", "en")
    if language not in LANGUAGES:
        return HttpResponse("Unknown language: choose en, nl or fr.", status=400, content_type="text/plain")
    activity = request.GET.get("activity", "")
    ids = [int(activity)] if activity.isdigit() else None
    record = build_record(kind=kind, ids=ids, language=language)
    if fmt == "html" and not request.GET.get("download"):
        return HttpResponse(render_html([record], downloads=_download_links(request)))
    response = HttpResponse(render(record, fmt), content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="ropa-{kind}-{stamp}.{fmt}"'
    return response


def _download_links(request: HttpRequest) -> dict[str, str]:
    links = {}
    for fmt in CONTENT_TYPES:
        query = request.GET.copy()
        query["format"], query["download"] = fmt, "1"
        links[fmt.upper()] = f"?{query.urlencode()}"
    return links


def ropa_response(request: HttpRequest, *, ids: list[int]) -> HttpResponse:
    """Return the printable records (controller, then processor) of the activities with `ids`."""
    records = [build_record(kind=kind, ids=ids) for kind in (CONTROLLER, PROCESSOR)]
    return HttpResponse(render_html([record for record in records if record.rows]))


WORKFLOW = {
    "submit": (services.activity_submit_for_review, "change_processingactivity", "submitted for review"),
    "approve": (services.activity_approve, "approve_processingactivity", "approved"),
    "return": (services.activity_return_to_draft, "change_processingactivity", "returned to draft"),
    "retire": (services.activity_retire, "change_processingactivity", "retired"),
}


@require_POST
def workflow_view(request: HttpRequest, pk: str) -> HttpResponse:
    """Run one workflow step (submit, approve, return, retire, sign off the DPIA) on one activity."""
    pk = admin_object_pk(pk)
    activity = get_object_or_404(ProcessingActivity, pk=pk)
    step = request.POST.get("step", "")
    change_url = reverse("admin:legal_basis_processingactivity_change", args=[pk])
    try:
        if step == "sign_off_dpia":
            _require(request, "approve_processingactivity")
            services.dpia_sign_off(dpia=get_object_or_404(Dpia, activity=activity), by=request.user)
            done = "DPIA signed off"
        elif step in WORKFLOW:
            service, codename, done = WORKFLOW[step]
            _require(request, codename)
            service(activity=activity, by=request.user)
        else:
            messages.error(request, "Unknown workflow step.")
            return redirect(change_url)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{activity}: {done}.")
    return redirect(change_url)


def assistance_view(request: HttpRequest, pk: str) -> HttpResponse:
    """Show (or, with ?format=pdf, download) the Art. 28(3)(f) DPIA assistance pack of a processor activity."""
    _require(request, "view_processingactivity")
    activity = get_object_or_404(ProcessingActivity, pk=admin_object_pk(pk))
    if not activity.is_processor:
        return HttpResponse("Only a processor activity has an assistance pack.", status=404, content_type="text/plain")
    html = render_assistance_pack(activity)
    if request.GET.get("format") != "pdf":
        return HttpResponse(html)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dpia-assistance-{activity.pk}.pdf"'
    return response

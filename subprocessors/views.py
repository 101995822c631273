"""Public pages (the sub-processor list, subscribe / confirm / unsubscribe, objections) and the staff DPA download."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from callnex_compliance.languages import current_language
from callnex_compliance.platform_data.models import OrganisationProfile
from callnex_compliance.private_files import private_file_response

from . import csv_export, dpa_services, selectors, services
from .forms import CustomerObjectionForm, DpaRequestForm, ObjectionForm, SubscriptionForm
from .models import Subprocessor
from .throttles import SubscribeThrottle

PAGE_CACHE_SECONDS = 3600  # bounds how long a deploy's template change waits for new data
_page_memo: dict[tuple[str, str], bytes] = {}  # the last page this process rendered or fetched, by (key, token)
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


@require_http_methods(["GET", "HEAD"])
def subprocessor_list(request: HttpRequest) -> HttpResponse:
    """Render the public list: current sub-processors, upcoming changes and the dated change log.

    The page holds nothing per visitor, so its HTML is cached under its ETag: any change to the
    register, the organisation profile or the date makes a new ETag and so a fresh render. A
    conditional request gets 304 (or 412) as with Django's `condition` decorator, whose per-request
    parsing and date formatting cost more than the cached page; the version's headers are kept instead.
    """
    version = selectors.public_version()
    response = None
    if any(header in request.META for header in CONDITIONAL_HEADERS):
        response = get_conditional_response(
            request, etag=version.etag_header, last_modified=version.last_modified_timestamp
        )
    if response is None:
        response = _page(request, version)
    response.headers["ETag"] = version.etag_header
    response.headers["Last-Modified"] = version.last_modified_header
    return response


def _page(request: HttpRequest, version: selectors.PublicVersion) -> HttpResponse:
    key = f"subprocessors:public-page:{version.etag}:{current_language()}"
    # The process keeps the current page's bytes while the register's stamp is the one it was kept
    # under: fetching ~200 kB from the cache unpickles a fresh copy on every hit, which costs more than
    # the page itself, and asking the cache whether it still holds the page is a second round trip.
    # A change, the stamp's expiry or a cleared cache makes a new stamp, so the shared cache is asked again.
    content = _page_memo.get((key, version.token))
    if content is None:
        content = cache.get(key)
        if content is None:
            data = selectors.public_list()
            context = {"data": data, "organisation": data.organisation}
            # Cached encoded: encoding ~200 kB of HTML on every hit would cost more than the lookup.
            content = render_to_string("subprocessors/list.html", context, request=request).encode()
            cache.set(key, content, PAGE_CACHE_SECONDS)
        # One page per language may be kept; a new stamp makes all of them stale.
        for stale in [memo_key for memo_key in _page_memo if memo_key[1] != version.token]:
            del _page_memo[stale]
        _page_memo[(key, version.token)] = content
    response = HttpResponse(content)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


@require_http_methods(["GET", "HEAD"])
def subprocessor_csv(request: HttpRequest) -> HttpResponse:
    """Return the current list as a CSV download (for vendor questionnaires), in English whatever the prefix.

    Its column names are a stable interface for customers' tooling, so the country names stay English too.
    """
    with translation.override(settings.LANGUAGE_CODE):
        content = csv_export.current_list_csv()
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="callnex-subprocessors.csv"'
    return response


def _error_page(request: HttpRequest, error: ValidationError, *, status: int = 400) -> HttpResponse:
    context = {"organisation": OrganisationProfile.get_solo(), "messages_list": error.messages}
    return render(request, "subprocessors/link_error.html", context, status=status)


@require_http_methods(["GET", "POST"])
def subscription_create(request: HttpRequest) -> HttpResponse:
    """Show the subscribe form; on a valid POST, email a confirmation link (double opt-in)."""
    form = SubscriptionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        throttle = SubscribeThrottle()
        if not throttle.allow_request(request, None):
            minutes = max(1, round((throttle.wait() or 60) / 60))
            form.add_error(
                None,
                ngettext(
                    "Too many subscription requests from your network. Try again in %(minutes)d minute.",
                    "Too many subscription requests from your network. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            status = 429
        elif form.is_valid():
            try:
                services.subscription_request(**form.cleaned_data, language=current_language())
            except ValidationError as error:
                form.add_error(None, error)
                status = 503
            else:
                context = {"organisation": OrganisationProfile.get_solo(), "email": form.cleaned_data["email"]}
                return render(request, "subprocessors/subscribe_sent.html", context)
        else:
            status = 400
    context = {"form": form, "organisation": OrganisationProfile.get_solo()}
    return render(request, "subprocessors/subscribe.html", context, status=status)


@require_http_methods(["GET", "POST"])
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Ask for a click on GET (mail scanners follow links) and confirm the subscription on POST."""
    organisation = OrganisationProfile.get_solo()
    if request.method == "GET":
        return render(request, "subprocessors/subscribe_confirm.html", {"organisation": organisation})
    try:
        services.subscription_confirm(token=token)
    except ValidationError as error:
        return _error_page(request, error)
    return render(request, "subprocessors/subscribe_confirmed.html", {"organisation": organisation})


@csrf_exempt  # RFC 8058 one-click unsubscribe posts without a CSRF token; the signed token authorises it.
@require_http_methods(["GET", "POST"])
def subscription_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Ask for a click on GET and stop the notices on POST (also the one-click List-Unsubscribe)."""
    organisation = OrganisationProfile.get_solo()
    if request.method == "GET":
        return render(request, "subprocessors/unsubscribe.html", {"organisation": organisation})
    try:
        services.subscription_unsubscribe(token=token)
    except ValidationError as error:
        return _error_page(request, error)
    return render(request, "subprocessors/unsubscribed.html", {"organisation": organisation})


@require_http_methods(["GET", "POST"])
def objection_create(request: HttpRequest, token: str) -> HttpResponse:
    """Show the objection form for the change in a notice link, and record the objection on POST."""
    organisation = OrganisationProfile.get_solo()
    try:
        change, subscription = services.objection_target(token=token)
    except ValidationError as error:
        return _error_page(request, error)
    form = ObjectionForm(request.POST or None, initial={"organisation": subscription.organisation})
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_record(token=token, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(
                request, "subprocessors/objection_recorded.html", {"organisation": organisation, "change": change}
            )
    status = 400 if form.errors else 200
    context = {"organisation": organisation, "change": change, "form": form}
    return render(request, "subprocessors/objection.html", context, status=status)


@staff_member_required
@permission_required("subprocessors.view_subprocessor", raise_exception=True)
def dpa_document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream a sub-processor's DPA document to staff allowed to view the register (never public)."""
    subprocessor = get_object_or_404(Subprocessor, pk=pk)
    return private_file_response(subprocessor.dpa_document)


@require_http_methods(["GET", "POST"])
def customer_objection_create(request: HttpRequest, token: str) -> HttpResponse:
    """Show the objection form of a customer's notice, and record the customer's objection on POST."""
    organisation = OrganisationProfile.get_solo()
    try:
        change, customer = services.customer_objection_target(token=token)
    except ValidationError as error:
        return _error_page(request, error)
    form = CustomerObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_objection_record(change=change, customer=customer, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(
                request, "subprocessors/objection_recorded.html", {"organisation": organisation, "change": change}
            )
    status = 400 if form.errors else 200
    context = {"organisation": organisation, "change": change, "form": form, "customer": customer}
    return render(request, "subprocessors/objection.html", context, status=status)


@require_http_methods(["GET", "POST"])
def dpa_request_create(request: HttpRequest) -> HttpResponse:
    """Show the form asking for a countersigned DPA; on a valid POST, email a confirmation link."""
    form = DpaRequestForm(request.POST or None)
    organisation = OrganisationProfile.get_solo()
    status = 200
    if request.method == "POST":
        throttle = SubscribeThrottle()
        if not throttle.allow_request(request, None):
            form.add_error(None, gettext("Too many requests from your network. Try again in an hour."))
            status = 429
        elif form.is_valid():
            try:
                dpa_services.dpa_request_submit(**form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
                status = 503
            else:
                context = {"organisation": organisation, "email": form.cleaned_data["email"]}
                return render(request, "subprocessors/dpa/request_sent.html", context)
        else:
            status = 400
    return render(
        request, "subprocessors/dpa/request.html", {"form": form, "organisation": organisation}, status=status
    )


@require_http_methods(["GET", "POST"])
def dpa_request_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Ask for a click on GET (mail scanners follow links) and confirm the DPA request on POST."""
    organisation = OrganisationProfile.get_solo()
    if request.method == "GET":
        return render(request, "subprocessors/dpa/request_confirm.html", {"organisation": organisation})
    try:
        dpa_services.dpa_request_confirm(token=token)
    except ValidationError as error:
        return _error_page(request, error)
    return render(request, "subprocessors/dpa/request_confirmed.html", {"organisation": organisation})

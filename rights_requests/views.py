"""Staff file downloads and the secret-URL calendar feed of the rights-requests app."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from callnex_compliance.private_files import private_file_response

from . import selectors, services
from .ical import deadlines_calendar
from .models import DataExport


@require_GET
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream an export ZIP to staff allowed to download exports, while it has not expired."""
    if not admin.site.has_permission(request):  # staff, and two-factor verified when that is required
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not request.user.has_perm("rights_requests.download_dataexport"):
        raise PermissionDenied
    export = get_object_or_404(DataExport.objects.select_related("rights_request"), pk=pk)
    try:
        export = services.data_export_record_download(export=export, actor=request.user)
    except services.ExportUnavailable as exc:
        return HttpResponse(str(exc), status=410, content_type="text/plain")
    return private_file_response(export.file, download_name=f"{export.rights_request.reference}.zip")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Serve the deadlines of the token owner's open requests as iCalendar."""
    feed = selectors.calendar_feed_for_token(token)
    if feed is None:
        raise Http404("Unknown or revoked calendar feed.")
    services.calendar_feed_touch(feed=feed)
    requests = list(selectors.calendar_requests_for(feed.user))
    body = deadlines_calendar(requests, owner_label=feed.user.get_username())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response

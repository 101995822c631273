"""Project-level pages: the landing page and a health check."""

import logging

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from callnex_compliance.private_files import private_file_response

from .models import CallRecording, OrganisationProfile

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """Render the landing page with links to the public pages and the admin."""
    return render(request, "home.html", {"organisation": OrganisationProfile.get_solo()})


def healthz(request: HttpRequest) -> JsonResponse:
    """Report that the process is up and the database answers; 503 (JSON, never an error page) when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Health check: the database does not answer")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


@staff_member_required
@permission_required("platform_data.view_callrecording", raise_exception=True)
def recording_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream a call recording to staff allowed to view recordings."""
    recording = get_object_or_404(CallRecording, pk=pk)
    return private_file_response(recording.audio, download_name=f"call-{recording.call_id}.wav")

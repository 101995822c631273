"""Project-level pages: the landing page and a health check."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .models import OrganisationProfile


def home(request: HttpRequest) -> HttpResponse:
    """Render the landing page with links to the public pages and the admin."""
    return render(request, "home.html", {"organisation": OrganisationProfile.get_solo()})


def healthz(request: HttpRequest) -> JsonResponse:
    """Report that the process is up and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})

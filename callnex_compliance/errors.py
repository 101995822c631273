"""Error pages in the look of the page the user came from: the admin's for staff, the public site's otherwise."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """Answer 403 with a page saying what happened and where to go, inside the admin for staff users."""
    user = getattr(request, "user", None)
    staff = bool(user and user.is_authenticated and user.is_active and user.is_staff)
    context = {"title": "You may not do this", "staff": staff}
    if staff:
        context |= admin.site.each_context(request)
        template = "admin/403.html"
    else:
        template = "403.html"
    response = TemplateResponse(request, template, context, status=403)
    return response.render()

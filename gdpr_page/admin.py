"""Admin: the published versions (read-only for everyone) and the publish page of the data protection contact."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from . import services
from .models import PageVersion


@admin.register(PageVersion)
class PageVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "published_at", "published_by", "note", "public_link"]
    readonly_fields = ["number", "published_at", "published_by", "note", "fingerprint", "public_link", "diff"]
    fields = readonly_fields
    change_list_template = "gdpr_page/admin/pageversion_change_list.html"

    @admin.display(description="public page")
    def public_link(self, obj: PageVersion) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())

    # A published version is the record of what the public read: nobody adds, edits or deletes one here.
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("publish/", view(publish_view), name="gdpr_page_publish"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        context = {"state": services.page_state(), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)


def publish_view(request: HttpRequest) -> HttpResponse:
    """Show what publishing would freeze (diff, missing translations) and publish on a confirmed POST."""
    if not request.user.has_perm(services.PUBLISH_PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        try:
            version = services.page_publish(user=request.user, note=request.POST.get("note", ""))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Version {version.number} of the GDPR page is published.")
            return redirect(reverse("admin:gdpr_page_pageversion_change", args=[version.pk]))
    context = {
        **admin.site.each_context(request),
        "title": "Publish the GDPR page",
        "opts": PageVersion._meta,
        "preview": services.page_preview(),
    }
    return TemplateResponse(request, "gdpr_page/admin/publish.html", context)

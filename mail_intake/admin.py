"""Admin of the mailbox: the triage queue and every imported message, inquiries, and the subject patterns.

Messages are read-only records (their text is shown as plain text, never as HTML); handlers act on them
with the actions, which call the services. The .eml and attachments are downloaded as attachments
through views that check the view permission, never shown inline.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from callnex_compliance.admin_site import admin_object_pk
from callnex_compliance.history_admin import HistoryAdmin
from callnex_compliance.private_files import private_file_response
from rights_requests.deadlines import brussels_date
from rights_requests.models import RightsRequest

from . import services
from .models import InboundMessage, Inquiry, MessageAttachment, SubjectPattern


@admin.register(SubjectPattern)
class SubjectPatternAdmin(HistoryAdmin):
    list_display = ["phrase", "route", "language", "active"]
    list_filter = ["route", "language", "active"]
    search_fields = ["phrase"]


class TriageAgeFilter(admin.SimpleListFilter):
    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("triage", "Triage (to sort)"), ("refused", "Refused or unreadable")]

    def queryset(self, request, queryset):
        if self.value() == "triage":
            return queryset.in_triage()
        if self.value() == "refused":
            return queryset.in_triage().exclude(note="")
        return queryset


def _run(model_admin, request, queryset, service, label: str) -> None:
    done = 0
    for obj in queryset:
        try:
            service(obj, request.user)
            done += 1
        except ValidationError as error:
            model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
    model_admin.message_user(request, f"{done} {label}.")


@admin.register(InboundMessage)
class InboundMessageAdmin(HistoryAdmin):
    list_display = ["received_at", "status", "from_address", "subject", "size", "language", "routed_to", "note"]
    list_filter = [TriageAgeFilter, "status", "language", "is_auto_reply"]
    list_select_related = ["rights_request", "inquiry"]
    search_fields = ["=from_address", "=message_id", "=rights_request__reference"]
    search_help_text = "The sender's exact address, the Message-ID or a request reference."
    date_hierarchy = "received_at"
    actions = ["make_rights_request", "make_inquiry", "dismiss"]
    fields = [
        "received_at", "status", "from_name", "from_address", "subject", "text", "language", "size", "is_auto_reply",
        "note", "routed_to", "pause_end", "eml_download", "attachment_list", "message_id", "imported_at", "routed_at",
    ]  # fmt: skip
    readonly_fields = fields
    history_list_display = ["status"]

    def has_add_permission(self, request) -> bool:
        return False  # messages arrive from the mailbox

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the retention purge deletes them, with their files

    @admin.display(description="text")
    def text(self, obj: InboundMessage):
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', obj.body_text)

    @admin.display(description="routed to")
    def routed_to(self, obj: InboundMessage):
        if obj.rights_request_id:
            url = reverse("admin:rights_requests_rightsrequest_change", args=[obj.rights_request_id])
            return format_html('<a href="{}">{}</a>', url, obj.rights_request.reference)
        if obj.inquiry_id:
            url = reverse("admin:mail_intake_inquiry_change", args=[obj.inquiry_id])
            return format_html('<a href="{}">inquiry {}</a>', url, obj.inquiry_id)
        return "—"

    @admin.display(description="identity pause")
    def pause_end(self, obj: InboundMessage):
        """Offer the reply's received date as the day the identity pause ends."""
        request = obj.rights_request
        if obj.status != InboundMessage.Status.REPLY or request is None:
            return "—"
        if request.status != RightsRequest.Status.AWAITING_IDENTITY:
            return "—"
        day = brussels_date(obj.received_at)
        url = reverse("admin:rights_requests_rightsrequest_workflow", args=[request.pk, "verify-identity"])
        return format_html(
            '<a href="{}?answer_received_on={}">Identity verified: end the pause on {}</a>', url, day.isoformat(),
            f"{day:%d %B %Y}",
        )  # fmt: skip

    @admin.display(description=".eml")
    def eml_download(self, obj: InboundMessage):
        if not obj.eml:
            return "—"
        url = reverse("admin:mail_intake_inboundmessage_eml", args=[obj.pk])
        return format_html('<a href="{}">Download the original message</a>', url)

    @admin.display(description="attachments")
    def attachment_list(self, obj: InboundMessage):
        rows = []
        for attachment in obj.attachments.all():
            if attachment.file:
                url = reverse("admin:mail_intake_attachment_download", args=[obj.pk, attachment.pk])
                rows.append((url, f"{attachment.filename} ({attachment.size} bytes)", attachment.note))
            else:
                rows.append(("", attachment.filename, attachment.note))
        if not rows:
            return "—"
        return format_html_join("", '<div><a href="{}" download>{}</a> {}</div>', rows)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<str:object_id>/eml/", wrap(self.eml_view), name="mail_intake_inboundmessage_eml"),
            path(
                "<str:object_id>/attachments/<str:attachment_id>/",
                wrap(self.attachment_view),
                name="mail_intake_attachment_download",
            ),
            *super().get_urls(),
        ]

    def eml_view(self, request, object_id: str):
        """Download the original message (as a file, never displayed)."""
        message = get_object_or_404(InboundMessage, pk=admin_object_pk(object_id))
        if not self.has_view_permission(request, message):
            raise PermissionDenied
        return private_file_response(message.eml, download_name=f"message-{message.pk}.eml")

    def attachment_view(self, request, object_id: str, attachment_id: str):
        """Download one attachment as a file: never previewed inline, never executed."""
        attachment = get_object_or_404(
            MessageAttachment, pk=admin_object_pk(attachment_id), message_id=admin_object_pk(object_id)
        )
        if not self.has_view_permission(request, attachment.message):
            raise PermissionDenied
        response = private_file_response(attachment.file, download_name=attachment.filename or "attachment.bin")
        response["Content-Type"] = "application/octet-stream"
        return response

    @admin.action(description="Make a rights request (draft, from the received time)", permissions=["change"])
    def make_rights_request(self, request, queryset):
        _run(self, request, queryset, lambda m, u: services.triage_make_rights_request(message=m, actor=u),
             "draft request(s) made")  # fmt: skip

    @admin.action(description="Make an inquiry", permissions=["change"])
    def make_inquiry(self, request, queryset):
        _run(
            self, request, queryset, lambda m, u: services.triage_make_inquiry(message=m, actor=u), "inquiry(ies) made"
        )

    @admin.action(description="Dismiss (neither a request nor an inquiry)", permissions=["change"])
    def dismiss(self, request, queryset):
        _run(self, request, queryset, lambda m, u: services.triage_dismiss(message=m, actor=u), "message(s) dismissed")


@admin.register(Inquiry)
class InquiryAdmin(HistoryAdmin):
    list_display = ["received_at", "status", "from_address", "subject", "assignee", "answered_at", "rights_request"]
    list_filter = ["status", ("assignee", admin.RelatedOnlyFieldListFilter), "language"]
    list_select_related = ["assignee", "rights_request"]
    search_fields = ["=from_address"]
    fields = ["received_at", "status", "from_name", "from_address", "subject", "language", "assignee", "answered_at",
              "closed_at", "rights_request"]  # fmt: skip
    readonly_fields = [f for f in fields if f != "assignee"]
    actions = ["assign_to_me", "mark_answered", "convert_to_request"]
    history_list_display = ["status"]

    def has_add_permission(self, request) -> bool:
        return False  # inquiries arrive from the mailbox (or a triaged message)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        for inquiry in queryset:
            inquiry.assignee = request.user
            inquiry._history_user = request.user
            inquiry.save(update_fields=["assignee"])
        self.message_user(request, "Assigned to you.")

    @admin.action(description="Mark as answered", permissions=["change"])
    def mark_answered(self, request, queryset):
        _run(self, request, queryset, lambda i, u: services.inquiry_mark_answered(inquiry=i, actor=u),
             "inquiry(ies) marked answered")  # fmt: skip

    @admin.action(description="Turn into a rights request (draft, from the received time)", permissions=["change"])
    def convert_to_request(self, request, queryset):
        _run(self, request, queryset, lambda i, u: services.inquiry_convert_to_request(inquiry=i, actor=u),
             "draft request(s) made")  # fmt: skip

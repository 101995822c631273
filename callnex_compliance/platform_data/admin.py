"""Admin of the platform data: read-only views for compliance staff, plus the organisation profile.

Platform data is changed by the platform itself, by rights-request fulfilment and by the retention
purge, never by hand here; the admin offers look-ups by normalised phone and email.
"""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from callnex_compliance.history_admin import HistoryAdmin
from callnex_compliance.translated_admin import RequireDefaultLanguageMixin

from .models import (
    AccountUser,
    BillingContact,
    CallRecord,
    CallRecording,
    Campaign,
    Contact,
    Customer,
    Invoice,
    OrganisationProfile,
    SupportTicket,
    TicketMessage,
    Transcript,
)
from .normalise import normalise_email, normalise_phone_or_none


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that shows rows but never adds, changes or deletes them."""

    show_full_result_count = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class IdentifierSearchMixin:
    """Search by exact normalised phone or email, which the indexes answer, instead of LIKE scans."""

    phone_field = "phone"
    email_field = "email"
    search_help_text = "Exact phone number (any format) or email address."

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if "@" in term:
            return queryset.filter(**{self.email_field: normalise_email(term)}), False
        phone = normalise_phone_or_none(term)
        if phone:
            return queryset.filter(**{self.phone_field: phone}), False
        return queryset.none(), False


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = ["name", "vat_number", "contract_started_on", "contract_ended_on"]
    search_fields = ["name", "vat_number"]
    list_filter = [("contract_ended_on", admin.EmptyFieldListFilter)]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["name", "customer", "started_at", "ended_at"]
    list_select_related = ["customer"]
    list_filter = ["customer", ("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "customer__name"]
    date_hierarchy = "started_at"


@admin.register(Contact)
class ContactAdmin(IdentifierSearchMixin, ReadOnlyAdmin):
    list_display = ["__str__", "campaign", "phone", "email", "is_restricted"]
    list_select_related = ["campaign__customer"]
    list_filter = [("processing_restricted_at", admin.EmptyFieldListFilter)]
    search_fields = ["phone"]  # shows the search box; get_search_results does the work
    raw_id_fields = ["campaign"]

    @admin.display(boolean=True, description="restricted")
    def is_restricted(self, obj: Contact) -> bool:
        return obj.is_restricted


@admin.register(CallRecord)
class CallRecordAdmin(IdentifierSearchMixin, ReadOnlyAdmin):
    phone_field = "remote_number"
    email_field = "contact__email"
    list_display = ["__str__", "campaign", "remote_number", "direction", "outcome", "started_at", "ended_at"]
    list_select_related = ["campaign__customer"]
    list_filter = ["direction", "outcome"]
    search_fields = ["remote_number"]
    raw_id_fields = ["campaign", "contact"]


@admin.register(CallRecording)
class CallRecordingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "duration_seconds", "size_bytes", "created_at", "download"]
    raw_id_fields = ["call"]
    exclude = ["audio"]  # the storage path is not a public link; downloads go through a checked view
    readonly_fields = ["download"]

    @admin.display(description="audio")
    def download(self, obj: CallRecording) -> str:
        return format_html('<a href="{}">Download</a>', reverse("recording-download", args=[obj.pk]))


@admin.register(Transcript)
class TranscriptAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "language", "created_at"]
    raw_id_fields = ["call"]


@admin.register(AccountUser)
class AccountUserAdmin(IdentifierSearchMixin, ReadOnlyAdmin):
    list_display = ["__str__", "customer", "email", "phone", "last_login_at"]
    list_select_related = ["customer"]
    search_fields = ["email"]
    raw_id_fields = ["customer"]


@admin.register(BillingContact)
class BillingContactAdmin(IdentifierSearchMixin, ReadOnlyAdmin):
    list_display = ["__str__", "customer", "email", "phone"]
    list_select_related = ["customer"]
    search_fields = ["email"]
    raw_id_fields = ["customer"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "billed_to", "issued_on", "total_cents"]
    search_fields = ["number"]
    date_hierarchy = "issued_on"
    raw_id_fields = ["customer"]


class TicketMessageInline(admin.TabularInline):
    model = TicketMessage
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SupportTicket)
class SupportTicketAdmin(IdentifierSearchMixin, ReadOnlyAdmin):
    email_field = "requester_email"
    phone_field = "requester_email"  # tickets have no phone: a number finds nothing
    list_display = ["__str__", "customer", "status", "opened_at", "closed_at"]
    list_select_related = ["customer"]
    list_filter = ["status"]
    search_fields = ["requester_email"]
    raw_id_fields = ["customer"]
    inlines = [TicketMessageInline]


@admin.register(OrganisationProfile)
class OrganisationProfileAdmin(RequireDefaultLanguageMixin, HistoryAdmin):
    fieldsets = [
        ("Controller", {"fields": ["legal_name", "address", "contact_email", "data_protection_contact"]}),
        ("Email subjects", {"fields": ["data_protection_subject", "rights_request_subject"]}),
        (
            "Supervisory authority",
            {"fields": ["supervisory_authority_name", "supervisory_authority_address", "supervisory_authority_url"]},
        ),
        ("Sub-processors", {"fields": ["subprocessor_notice_days"]}),
        ("Rights requests", {"fields": ["dpa_assistance_days"]}),
        (
            "Data protection officer (Art. 37)",
            {
                "fields": [
                    "dpo_required",
                    "art37_assessment_en",
                    "art37_assessment_nl",
                    "art37_assessment_fr",
                    "art37_reviewed_on",
                ]
            },
        ),
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        profile = OrganisationProfile.get_solo()
        return redirect("admin:platform_data_organisationprofile_change", profile.pk)

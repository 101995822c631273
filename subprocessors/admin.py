"""Admin of the sub-processor register: lifecycle actions, proof of notice, objections and warnings.

Status and dates change only through the actions, which call the services (notice rule, activation
date); the rest of a record is edited here.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from callnex_compliance.history_admin import HistoryAdmin

from . import services
from .forms import LocationChangeForm
from .models import NoticeDelivery, Objection, Subprocessor, SubprocessorChange, Subscription


def _run(modeladmin, request, queryset, service, done: str) -> None:
    """Call `service` for each selected row, reporting each refusal with the service's own message."""
    succeeded = 0
    for obj in queryset:
        try:
            service(obj)
        except ValidationError as error:
            messages.error(request, f"{obj}: {' '.join(error.messages)}")
        else:
            succeeded += 1
    if succeeded:
        messages.success(request, f"{succeeded} {done}.")


def subprocessor_warnings(subprocessor: Subprocessor) -> list[str]:
    """Return what an active sub-processor still lacks (a DPA, a transfer safeguard)."""
    if not subprocessor.is_active:
        return []
    warnings = []
    if not subprocessor.has_dpa:
        warnings.append("no signed DPA")
    if subprocessor.requires_transfer_safeguard and not subprocessor.transfer_safeguard:
        warnings.append(f"no transfer safeguard for {', '.join(subprocessor.third_country_locations)}")
    return warnings


class ChangeInline(admin.TabularInline):
    model = SubprocessorChange
    fields = ["kind", "summary", "announced_at", "effective_from", "applied_at", "withdrawn_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Subprocessor)
class SubprocessorAdmin(HistoryAdmin):
    list_display = [
        "public_name",
        "legal_name",
        "service",
        "status",
        "location_list",
        "transfer_safeguard",
        "dpa_signed_on",
        "effective_from",
        "warnings",
    ]
    list_filter = ["status", "transfer_safeguard", ("dpa_signed_on", admin.EmptyFieldListFilter)]
    search_fields = ["public_name", "legal_name", "service"]
    readonly_fields = [
        "status",
        "announced_at",
        "activated_at",
        "retired_at",
        "created_at",
        "updated_at",
        "dpa_document_link",
    ]
    fieldsets = [
        (
            "Public",
            {
                "fields": [
                    "public_name",
                    "legal_name",
                    "service",
                    "purpose",
                    "data_categories",
                    "website",
                    "locations",
                    ("transfer_safeguard", "safeguard_reference"),
                ]
            },
        ),
        ("Lifecycle", {"fields": ["status", "effective_from", "announced_at", "activated_at", "retired_at"]}),
        (
            "Private",
            {
                "fields": [
                    "dpa_signed_on",
                    "dpa_document_link",
                    "dpa_document",
                    "internal_notes",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    inlines = [ChangeInline]
    actions = ["announce", "announce_location_change", "activate", "retire"]

    def get_readonly_fields(self, request, obj=None):
        # Once public, locations and the effective date change only through an announced change.
        if obj is not None and obj.status != Subprocessor.Status.PROPOSED:
            return [*self.readonly_fields, "locations", "effective_from"]
        return self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        # A view-only user sees the download link only; the upload field is for those who may change.
        if self.has_change_permission(request, obj):
            return self.fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "dpa_document"]})
            for name, opts in self.fieldsets
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "dpa_document":
            # The stored path is not a URL (private storage); the current file is linked by dpa_document_link.
            kwargs["widget"] = forms.FileInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="DPA document")
    def dpa_document_link(self, obj: Subprocessor) -> str:
        if obj is None or not obj.dpa_document:
            return "—"
        return format_html('<a href="{}">Download</a>', reverse("subprocessors:dpa-document-download", args=[obj.pk]))

    @admin.display(description="locations")
    def location_list(self, obj: Subprocessor) -> str:
        return ", ".join(country.code for country in obj.locations)

    @admin.display(description="warnings")
    def warnings(self, obj: Subprocessor) -> str:
        return "; ".join(subprocessor_warnings(obj)) or "—"

    def has_delete_permission(self, request, obj=None) -> bool:
        # Only a proposed record was never public; anything else belongs to the change log.
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == obj.Status.PROPOSED)

    def changelist_view(self, request, extra_context=None):
        lacking = [
            sp for sp in Subprocessor.objects.filter(status=Subprocessor.Status.ACTIVE) if subprocessor_warnings(sp)
        ]
        if lacking and request.method == "GET":
            names = ", ".join(sp.public_name for sp in lacking)
            messages.warning(request, f"Active sub-processors missing a DPA or a transfer safeguard: {names}.")
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET":
            for warning in subprocessor_warnings(obj):
                messages.warning(request, f"This active sub-processor has {warning}.")
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Announce (checks the notice period; emails subscribers)", permissions=["change"])
    def announce(self, request, queryset):
        _run(self, request, queryset, lambda sp: services.subprocessor_announce(subprocessor=sp), "announced")

    @admin.action(description="Announce a location change (one active sub-processor)", permissions=["change"])
    def announce_location_change(self, request, queryset):
        if queryset.count() != 1:
            messages.error(request, "Select exactly one active sub-processor to announce a location change for.")
            return None
        subprocessor = queryset.get()
        initial = {"locations": [country.code for country in subprocessor.locations]}
        form = LocationChangeForm(request.POST if "apply" in request.POST else None, initial=initial)
        if form.is_valid():
            try:
                services.subprocessor_announce_location_change(subprocessor=subprocessor, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                messages.success(request, f"Location change of {subprocessor} announced; subscribers are notified.")
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Announce a location change: {subprocessor}",
            "opts": self.model._meta,
            "form": form,
            "subprocessor": subprocessor,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "subprocessors/admin/location_change.html", context)

    @admin.action(description="Activate (only on or after the effective date)", permissions=["change"])
    def activate(self, request, queryset):
        _run(self, request, queryset, lambda sp: services.subprocessor_activate(subprocessor=sp), "activated")

    @admin.action(description="Retire (stop using; emails subscribers)", permissions=["change"])
    def retire(self, request, queryset):
        _run(self, request, queryset, lambda sp: services.subprocessor_retire(subprocessor=sp), "retired")


class DeliveryInline(admin.TabularInline):
    model = NoticeDelivery
    fields = ["subscriber", "status", "attempts", "sent_at", "last_error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("subscription")

    @admin.display(description="subscriber")
    def subscriber(self, obj: NoticeDelivery) -> str:
        return obj.subscription.email

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ObjectionInline(admin.StackedInline):
    model = Objection
    fields = ["organisation", "subscriber", "reason", "created_at", "status", "resolution"]
    readonly_fields = ["organisation", "subscriber", "reason", "created_at"]
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("subscription")

    @admin.display(description="subscriber")
    def subscriber(self, obj: Objection) -> str:
        return obj.subscription.email

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SubprocessorChange)
class SubprocessorChangeAdmin(HistoryAdmin):
    list_display = [
        "subprocessor",
        "kind",
        "announced_at",
        "effective_from",
        "applied_at",
        "withdrawn_at",
        "sent",
        "failed",
        "open_objections",
    ]
    list_select_related = ["subprocessor"]
    list_filter = ["kind", ("applied_at", admin.EmptyFieldListFilter), ("withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = ["subprocessor__public_name", "subprocessor__legal_name", "summary"]
    date_hierarchy = "announced_at"
    readonly_fields = [
        "subprocessor",
        "kind",
        "summary",
        "previous_locations",
        "new_locations",
        "announced_at",
        "effective_from",
        "applied_at",
        "withdrawn_at",
        "notice_subject",
        "notice_text",
    ]
    exclude = ["updated_at"]
    inlines = [ObjectionInline, DeliveryInline]
    actions = ["withdraw", "retry_failed"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=Count("deliveries", filter=Q(deliveries__status=NoticeDelivery.Status.SENT), distinct=True),
                failed_count=Count(
                    "deliveries", filter=Q(deliveries__status=NoticeDelivery.Status.FAILED), distinct=True
                ),
                open_objection_count=Count(
                    "objections", filter=Q(objections__status=Objection.Status.OPEN), distinct=True
                ),
            )
        )

    @admin.display(description="sent", ordering="sent_count")
    def sent(self, obj) -> int:
        return obj.sent_count

    @admin.display(description="failed", ordering="failed_count")
    def failed(self, obj) -> int:
        return obj.failed_count

    @admin.display(description="open objections", ordering="open_objection_count")
    def open_objections(self, obj) -> int:
        return obj.open_objection_count

    def has_add_permission(self, request) -> bool:
        return False  # changes are made by the announce / retire actions

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the change log and its proof of notice are kept

    @admin.action(description="Withdraw the announcement", permissions=["change"])
    def withdraw(self, request, queryset):
        _run(self, request, queryset, lambda change: services.change_withdraw(change=change), "withdrawn")

    @admin.action(description="Send failed notices again now", permissions=["change"])
    def retry_failed(self, request, queryset):
        counts = services.notices_retry_failed()
        messages.info(request, f"Notices sent again: {counts['sent']}; still failing: {counts['failed']}.")


@admin.register(Objection)
class ObjectionAdmin(HistoryAdmin):
    list_display = ["__str__", "organisation", "change", "created_at", "status"]
    list_select_related = ["change__subprocessor"]
    list_filter = ["status"]
    search_fields = ["organisation", "change__subprocessor__public_name"]
    readonly_fields = ["change", "subscription", "organisation", "reason", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter), ("unsubscribed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "organisation"]
    readonly_fields = ["email", "key", "created_at", "confirmation_sent_at", "confirmed_at", "unsubscribed_at"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False  # double opt-in only: an address is added by its owner


@admin.register(NoticeDelivery)
class NoticeDeliveryAdmin(admin.ModelAdmin):
    list_display = ["change", "subscription", "status", "attempts", "sent_at", "last_error"]
    list_select_related = ["change__subprocessor", "subscription"]
    list_filter = ["status"]
    search_fields = ["subscription__email"]
    readonly_fields = ["change", "subscription", "status", "attempts", "created_at", "sent_at", "last_error"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

"""Admin of the sub-processor register: lifecycle actions, proof of notice, objections and warnings.

Status and dates change only through the actions, which call the services (notice rule, activation
date); the rest of a record is edited here.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from callnex_compliance import confirmation
from callnex_compliance.admin_site import admin_object_pk
from callnex_compliance.confirmation import Letter, Plan
from callnex_compliance.history_admin import HistoryAdmin
from callnex_compliance.readable import readable_counts, readable_snapshot, shown
from callnex_compliance.translated_admin import RequireDefaultLanguageMixin
from callnex_compliance.widgets import SearchableSelect, SearchableSelectMultiple

from . import services
from .dpa_services import CURRENT_TEMPLATE_VERSION, dpa_prepare, dpa_request_generate
from .forms import LocationChangeForm
from .models import (
    CustomerDPA,
    CustomerExclusion,
    DpaRequest,
    NoticeDelivery,
    Objection,
    Offboarding,
    Subprocessor,
    SubprocessorChange,
    Subscription,
)
from .transfers import transfer_gaps


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
    else:
        warnings += transfer_gaps(subprocessor)
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
class SubprocessorAdmin(RequireDefaultLanguageMixin, HistoryAdmin):
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
    COUNTRY_WIDGETS = {
        "locations": SearchableSelectMultiple,
        "remote_access_locations": SearchableSelectMultiple,
        "established_in": SearchableSelect,
    }

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
                    "purpose_en",
                    "purpose_nl",
                    "purpose_fr",
                    "data_categories",
                    "website",
                    "locations",
                    "remote_access_locations",
                    "established_in",
                    ("transfer_safeguard", "safeguard_reference"),
                ]
            },
        ),
        (
            "Transfer tools and AI",
            {
                "fields": [
                    ("processes_customer_data", "processes_own_data", "importer_is_controller"),
                    "scc_modules",
                    "dpf_checked_on",
                    ("tia_completed_on", "tia_outcome", "tia_document"),
                    ("uses_ai", "no_training_commitment"),
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
    change_form_template = "subprocessors/admin/change_form.html"
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
        if db_field.name in self.COUNTRY_WIDGETS:
            kwargs["widget"] = self.COUNTRY_WIDGETS[db_field.name]  # ~250 countries: type to search
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="DPA document")
    def dpa_document_link(self, obj: Subprocessor) -> str:
        if obj is None or not obj.dpa_document:
            return "—"
        return format_html(
            '<a href="{}">Download</a>', reverse("subprocessors_staff:dpa-document-download", args=[obj.pk])
        )

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
        # Nine columns need the full width at 1366 px: the app list stays one click away (Home).
        return super().changelist_view(request, {"is_nav_sidebar_enabled": False, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET":
            for warning in subprocessor_warnings(obj):
                messages.warning(request, f"This active sub-processor has {warning}.")
        toolbar = self._toolbar(request, obj) if obj is not None else []
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "workflow_toolbar": toolbar})

    @admin.action(description="Announce (shows the notice and its recipients first)", permissions=["change"])
    def announce(self, request, queryset):
        return self._confirmed_step(request, queryset, "announce")

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
        return self._confirmed_step(request, queryset, "activate")

    @admin.action(description="Retire (stop using; shows the notice first)", permissions=["change"])
    def retire(self, request, queryset):
        return self._confirmed_step(request, queryset, "retire")

    def _confirmed_step(self, request, queryset, step: str):
        """Show what the lifecycle step will do to the selected rows; run it once that page is confirmed."""
        items = list(queryset.order_by("pk"))
        scope = f"subprocessors.{step}:" + ",".join(str(sp.pk) for sp in items)
        if confirmation.is_confirmed(request.POST, scope=scope):
            service, done = LIFECYCLE[step]
            _run(self, request, items, lambda sp: service(subprocessor=sp), done)
            return None
        values = [("action", step), *((admin.helpers.ACTION_CHECKBOX_NAME, str(sp.pk)) for sp in items)]
        return self._confirmation_page(request, items, step, scope, values, cancel_url=request.get_full_path())

    def _confirmation_page(self, request, items, step, scope, values, *, cancel_url, action_url=""):
        plan, blocked = lifecycle_plan(items, step)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{step.capitalize()}: {', '.join(sp.public_name for sp in items)}",
            "opts": self.model._meta,
            "plan": plan,
            "blocked": blocked,
            "values": values,
            "token": confirmation.confirmation_token(scope=scope),
            "cancel_url": cancel_url,
            "confirm_action_url": action_url,
            "submit_label": LIFECYCLE_LABELS[step],
            "destructive": step == "retire",
        }
        return TemplateResponse(request, "admin/callnex_confirm.html", context)

    def lifecycle_view(self, request, object_id: str, step: str):
        """GET: show what a lifecycle step of one sub-processor will do; POST with the page's token: do it."""
        subprocessor = get_object_or_404(Subprocessor, pk=admin_object_pk(object_id))
        if step not in LIFECYCLE or not self.has_change_permission(request, subprocessor):
            raise PermissionDenied if step in LIFECYCLE else Http404("Unknown step.")
        scope = f"subprocessors.{step}:{subprocessor.pk}"
        change_url = reverse("admin:subprocessors_subprocessor_change", args=[subprocessor.pk])
        if request.method == "POST" and confirmation.is_confirmed(request.POST, scope=scope):
            service, done = LIFECYCLE[step]
            _run(self, request, [subprocessor], lambda sp: service(subprocessor=sp), done)
            return redirect(change_url)
        return self._confirmation_page(request, [subprocessor], step, scope, [], cancel_url=change_url)

    def get_urls(self):
        return [
            path(
                "<str:object_id>/lifecycle/<slug:step>/",
                self.admin_site.admin_view(self.lifecycle_view),
                name="subprocessors_subprocessor_lifecycle",
            ),
            *super().get_urls(),
        ]

    def _toolbar(self, request, subprocessor: Subprocessor) -> list[dict]:
        if not self.has_change_permission(request, subprocessor):
            return []
        groups = []
        for step, blocked in services.subprocessor_steps(subprocessor=subprocessor).items():
            url = reverse("admin:subprocessors_subprocessor_lifecycle", args=[subprocessor.pk, step])
            name = "destructive" if step == "retire" else "primary"
            groups.append({"name": name, "label": "Lifecycle",
                           "buttons": [{"label": LIFECYCLE_LABELS[step], "url": url, "blocked": blocked}]})  # fmt: skip
        return groups


LIFECYCLE = {
    "announce": (services.subprocessor_announce, "announced"),
    "activate": (services.subprocessor_activate, "activated"),
    "retire": (services.subprocessor_retire, "retired"),
}
LIFECYCLE_LABELS = {"announce": "Announce", "activate": "Activate", "retire": "Retire"}


def lifecycle_plan(items: list[Subprocessor], step: str) -> tuple[Plan, str]:
    """Return what a lifecycle step does to `items` (notice text, recipients), and why none can take it ('')."""
    reasons = {sp.pk: services.subprocessor_step_blocker(subprocessor=sp, step=step) for sp in items}
    ready = [sp for sp in items if not reasons[sp.pk]]
    summaries = {
        "announce": "Announces {names}: listed on the public page as upcoming, and the notice below is e-mailed to "
        "every customer under contract and every subscriber.",
        "activate": "Activates {names}: listed on the public page as in use from now; customers with an open "
        "objection are kept away from it.",
        "retire": "Retires {names}: no longer used from today, and the notice below is e-mailed to every customer "
        "under contract and every subscriber.",
    }
    plan = Plan(summaries[step].format(names=", ".join(sp.public_name for sp in ready) or "nothing"))
    plan.notes = [f"{sp.public_name}: not possible — {reasons[sp.pk]}" for sp in items if reasons[sp.pk]]
    if step in ("announce", "retire") and ready:
        for sp in ready:
            subject, body = services.change_notice_preview(subprocessor=sp, step=step)
            plan.letters.append(Letter("every recipient listed below", subject, body))
        plan.recipients = services.notice_recipients()
    blocked = "" if ready else " ".join(plan.notes)
    return plan, blocked


class DeliveryInline(admin.TabularInline):
    model = NoticeDelivery
    fields = ["customer", "recipient", "status", "attempts", "sent_at", "message_id", "last_error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        # Failures first: they are the ones to chase.
        return super().get_queryset(request).select_related("customer").order_by("-status", "pk")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ObjectionInline(admin.StackedInline):
    model = Objection
    fields = ["organisation", "customer", "subscriber", "reason", "created_at", "status", "outcome", "resolution"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("subscription", "customer")

    @admin.display(description="subscriber")
    def subscriber(self, obj: Objection) -> str:
        return obj.subscription.email if obj.subscription_id else "—"

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
        "dispatched_at",
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


def _resolve(request, queryset, outcome: str) -> None:
    _run(
        None,
        request,
        queryset,
        lambda objection: services.objection_resolve(objection=objection, outcome=outcome, resolution=""),
        f"resolved ({Objection.Outcome(outcome).label.lower()}); the objector is told",
    )


@admin.register(Objection)
class ObjectionAdmin(HistoryAdmin):
    list_display = [
        "__str__",
        "organisation",
        "customer",
        "change",
        "created_at",
        "status",
        "outcome",
        "customer_told_at",
    ]
    list_select_related = ["change__subprocessor", "customer"]
    list_filter = ["status", "outcome"]
    search_fields = ["organisation", "change__subprocessor__public_name"]
    readonly_fields = [
        "change",
        "subscription",
        "customer",
        "organisation",
        "reason",
        "created_at",
        "status",
        "outcome",
        "resolved_at",
        "customer_told_at",
    ]
    actions = ["resolve_withdrawn", "resolve_kept_out", "resolve_contract_ended"]

    @admin.action(description="Resolve: withdrawn by the customer (tells it)", permissions=["change"])
    def resolve_withdrawn(self, request, queryset):
        _resolve(request, queryset, Objection.Outcome.WITHDRAWN)

    @admin.action(
        description="Resolve: keep the customer's data out of the sub-processor (tells it)", permissions=["change"]
    )
    def resolve_kept_out(self, request, queryset):
        _resolve(request, queryset, Objection.Outcome.KEPT_OUT)

    @admin.action(description="Resolve: the contract ends (tells the customer)", permissions=["change"])
    def resolve_contract_ended(self, request, queryset):
        _resolve(request, queryset, Objection.Outcome.CONTRACT_ENDED)

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
    list_display = ["change", "recipient", "customer", "status", "attempts", "sent_at", "last_error"]
    list_select_related = ["change__subprocessor", "customer"]
    list_filter = ["status", ("customer", admin.EmptyFieldListFilter)]
    search_fields = ["recipient", "customer__name"]
    readonly_fields = [
        "change",
        "subscription",
        "customer",
        "recipient",
        "message_id",
        "status",
        "attempts",
        "created_at",
        "claimed_at",
        "sent_at",
        "last_error",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CustomerDPA)
class CustomerDPAAdmin(HistoryAdmin):
    list_display = ["customer", "template_version", "conclusion", "effective_from", "signed_on", "end_of_contract"]
    list_select_related = ["customer"]
    list_filter = ["template_version", "conclusion", "end_of_contract"]
    search_fields = ["customer__name", "template_version"]
    autocomplete_fields = ["customer"]
    filter_horizontal = ["processing_activities", "campaigns"]
    readonly_fields = ["subprocessor_snapshot_shown", "signed_copy", "created_at", "updated_at"]
    subprocessor_snapshot_shown = shown("subprocessor_snapshot", "sub-processors at signature", readable_snapshot)
    fieldsets = [
        (None, {"fields": ["customer", "template_version", "conclusion", "effective_from"]}),
        (
            "Signature",
            {"fields": ["signed_on", "customer_signatory", "callnex_signatory", "signed_document", "signed_copy"]},
        ),
        ("Customer", {"fields": ["privacy_contact", "customer_country", "scc_module"]}),
        ("Instructions (Art. 28(3)(a))", {"fields": ["processing_activities", "campaigns"]}),
        ("End of contract (Art. 28(3)(g))", {"fields": ["end_of_contract", "end_of_contract_days"]}),
        ("Annex III at signature", {"fields": ["subprocessor_snapshot_shown", "created_at", "updated_at"]}),
    ]

    @admin.display(description="signed copy")
    def signed_copy(self, obj: CustomerDPA) -> str:
        if not obj.signed_document:
            return "—"
        return format_html(
            '<a href="{}">Download the signed copy</a>',
            reverse("subprocessors_staff:dpa-signed-document", args=[obj.pk]),
        )

    def get_changeform_initial_data(self, request):
        return {"template_version": CURRENT_TEMPLATE_VERSION, **super().get_changeform_initial_data(request)}

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # Filled from the customer when left empty (dpa_prepare).
        if "privacy_contact" in form.base_fields:  # absent for view-only staff
            form.base_fields["privacy_contact"].required = False
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            dpa_prepare(dpa=obj)
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a DPA that bound a customer is kept as evidence


@admin.register(CustomerExclusion)
class CustomerExclusionAdmin(HistoryAdmin):
    list_display = ["subprocessor", "customer", "reason", "created_at", "ended_at"]
    list_select_related = ["subprocessor", "customer"]
    list_filter = ["reason", ("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["customer__name", "subprocessor__public_name"]
    readonly_fields = ["subprocessor", "customer", "objection", "reason", "created_at", "ended_at"]

    def has_add_permission(self, request) -> bool:
        return False  # recorded by activation and by resolving objections

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DpaRequest)
class DpaRequestAdmin(admin.ModelAdmin):
    """The queue of requests for a countersigned DPA: link the customer, generate, send, file the signed copy."""

    list_display = ["__str__", "company", "status", "customer", "created_at", "confirmed_at", "generated_at"]
    list_select_related = ["customer"]
    list_filter = ["status"]
    search_fields = ["company", "vat_number", "email"]
    autocomplete_fields = ["customer"]  # scales to thousands of customers: type to search
    fields = [
        "company", "vat_number", "requester_name", "requester_title", "email", "status", "customer", "dpa",
        "document_link", "created_at", "confirmed_at", "generated_at",
    ]  # fmt: skip
    readonly_fields = [
        "company", "vat_number", "requester_name", "requester_title", "email", "status", "dpa", "document_link",
        "created_at", "confirmed_at", "generated_at",
    ]  # fmt: skip
    actions = ["generate"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(status=DpaRequest.Status.UNCONFIRMED)

    @admin.display(description="generated DPA")
    def document_link(self, obj: DpaRequest) -> str:
        if not obj.document:
            return "—"
        return format_html(
            '<a href="{}">Download the DPA (PDF)</a>',
            reverse("subprocessors_staff:dpa-request-document", args=[obj.pk]),
        )

    def has_add_permission(self, request) -> bool:
        return False  # requests come from the public form

    @admin.action(description="Generate the DPA (PDF, current template and sub-processors)", permissions=["change"])
    def generate(self, request, queryset):
        _run(self, request, queryset, lambda r: dpa_request_generate(dpa_request=r), "generated")


@admin.register(Offboarding)
class OffboardingAdmin(HistoryAdmin):
    list_display = ["customer", "choice", "contract_ended_on", "delete_by", "status", "certificate_sent_at"]
    list_select_related = ["customer"]
    list_filter = ["status", "choice"]
    search_fields = ["customer__name"]
    readonly_fields = [
        {"deleted_counts": "deleted_counts_shown", "kept": "kept_shown"}.get(f.name, f.name)
        for f in Offboarding._meta.fields
        if f.name != "id"
    ]
    deleted_counts_shown = shown("deleted_counts", "deleted", readable_counts)
    kept_shown = shown("kept", "kept")

    def has_add_permission(self, request) -> bool:
        return False  # opened by the scheduled job when a contract ends

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the certificate is the evidence

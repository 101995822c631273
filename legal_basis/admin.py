"""Admin of the processing register: activities with their privacy review, the vocabularies, the checks.

Status, approval and sign-offs change only through the workflow buttons and actions, which call the
services and show their refusals as messages. The changelist runs a fixed number of queries.
"""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from callnex_compliance.history_admin import HistoryAdmin
from retention.models import RetentionPolicy

from . import admin_views, services
from .checks import IN_FORCE, activity_findings, register_findings
from .models import (
    EDPB_CRITERIA,
    MANDATORY_CASES,
    ActivityLegalBasis,
    DataSubjectCategory,
    Dpia,
    DpiaScreening,
    LegalBasis,
    PersonalDataCategory,
    ProcessingActivity,
    RecipientCategory,
    SecurityMeasure,
)
from .selectors import retention_of, retention_policies, transfers_of


@admin.register(DataSubjectCategory, RecipientCategory)
class VocabularyAdmin(HistoryAdmin):
    list_display = ["name", "description"]
    search_fields = ["name", "description"]


@admin.register(SecurityMeasure)
class SecurityMeasureAdmin(HistoryAdmin):
    list_display = ["name", "kind", "description"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    fields = ["name", "kind", "description", "public_summary_en", "public_summary_nl", "public_summary_fr"]


@admin.register(PersonalDataCategory)
class PersonalDataCategoryAdmin(HistoryAdmin):
    list_display = ["name", "is_special_category", "retention_category", "has_retention_policy"]
    list_filter = ["is_special_category", "retention_category"]
    search_fields = ["name", "description"]

    def get_queryset(self, request):
        policy = RetentionPolicy.objects.filter(category=OuterRef("retention_category"))
        return super().get_queryset(request).annotate(policy_exists=Exists(policy))

    @admin.display(boolean=True, description="retention policy", ordering="policy_exists")
    def has_retention_policy(self, obj: PersonalDataCategory) -> bool:
        return obj.policy_exists


class LegalBasisFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if kept and self.instance.role == ProcessingActivity.Role.PROCESSOR:
            raise ValidationError(
                "A processor activity has no legal basis of its own: the basis is the customer's (the controller's)."
            )


class LegalBasisInline(admin.TabularInline):
    model = ActivityLegalBasis
    formset = LegalBasisFormSet
    extra = 0
    verbose_name_plural = "legal bases (Art. 6(1)) — controller activities only"


class ScreeningForm(forms.ModelForm):
    mandatory_cases = forms.MultipleChoiceField(
        label="cases that alone require a DPIA",
        choices=MANDATORY_CASES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Art. 35(3) and the Belgian authority's list (Decision 01/2019): any one requires a DPIA.",
    )

    class Meta:
        model = DpiaScreening
        fields = [name for name, _ in EDPB_CRITERIA] + ["mandatory_cases", "judgement", "judgement_reasons", "notes"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mandatory_cases") and cleaned.get("judgement") == DpiaScreening.Judgement.NOT_REQUIRED:
            self.add_error("judgement", "A case ticked above requires a DPIA: the judgement cannot set it aside.")
        if cleaned.get("judgement") == DpiaScreening.Judgement.NOT_REQUIRED and not cleaned.get("judgement_reasons"):
            self.add_error("judgement_reasons", "Say why no DPIA is needed.")
        return cleaned


class ScreeningInline(admin.StackedInline):
    model = DpiaScreening
    form = ScreeningForm
    extra = 0
    max_num = 1
    can_delete = False
    readonly_fields = ["screened_by", "screened_at", "result"]
    verbose_name_plural = "DPIA screening (EDPB criteria) — answer every criterion before approval"

    @admin.display(description="result")
    def result(self, obj: DpiaScreening) -> str:
        if not obj.pk or not obj.is_complete:
            return "Not complete: every criterion needs a yes or no."
        if obj.activity.is_processor:
            return f"{obj.criteria_met} of 9 criteria met. The DPIA is the customer's: see the assistance pack."
        return obj.verdict


class DpiaInline(admin.StackedInline):
    model = Dpia
    extra = 0
    max_num = 1
    can_delete = False
    readonly_fields = ["signed_off_by", "signed_off_at"]
    verbose_name_plural = "DPIA (Art. 35) — changing it withdraws the sign-off"


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "review_due"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("30", "Within 30 days"), ("90", "Within 90 days")]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        today = timezone.localdate()
        approved = queryset.filter(status=ProcessingActivity.Status.APPROVED)
        if self.value() == "overdue":
            return approved.filter(next_review_on__lt=today)
        if self.value() in ("30", "90"):
            return approved.filter(next_review_on__lte=today + dt.timedelta(days=int(self.value())))
        return queryset


class LegalBasisFilter(admin.SimpleListFilter):
    title = "legal basis"
    parameter_name = "basis"

    def lookups(self, request, model_admin):
        return [*LegalBasis.choices, ("none", "No basis (processor or missing)")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        bases = ActivityLegalBasis.objects.filter(activity=OuterRef("pk"))
        if value == "none":
            return queryset.exclude(Exists(bases))
        return queryset.filter(Exists(bases.filter(basis=value)))


def _run(request, queryset, service, done: str, **kwargs) -> None:
    succeeded = 0
    for activity in queryset:
        try:
            service(activity=activity, by=request.user, **kwargs)
        except ValidationError as error:
            messages.error(request, f"{activity}: {' '.join(error.messages)}")
        else:
            succeeded += 1
    if succeeded:
        messages.success(request, f"{succeeded} activit{'y' if succeeded == 1 else 'ies'} {done}.")


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(HistoryAdmin):
    change_form_template = "legal_basis/admin/activity_change_form.html"
    change_list_template = "legal_basis/admin/activity_change_list.html"
    list_display = ["name", "role", "bases", "status", "owner", "next_review_on"]
    list_select_related = ["owner"]
    list_filter = ["role", LegalBasisFilter, "status", ReviewDueFilter, "special_categories"]
    search_fields = ["name", "purpose", "description"]
    search_help_text = "Name, purpose or description."
    inlines = [LegalBasisInline, ScreeningInline, DpiaInline]
    filter_horizontal = [
        "data_subject_categories",
        "personal_data_categories",
        "recipient_categories",
        "subprocessors",
        "security_measures",
    ]
    autocomplete_fields = ["customers"]
    readonly_fields = ["status", "approved_by", "approved_at", "retired_at", "derived_transfers", "derived_retention"]
    actions = ["submit_for_review", "approve", "return_to_draft", "retire", "print_record"]
    fieldsets = [
        (None, {"fields": ["name", "purpose", "description", "owner"]}),
        ("Role", {"fields": ["role", "customers", "all_customers", "own_purpose"]}),
        (
            "Public GDPR page",
            {
                "fields": [
                    "shown_publicly",
                    ("public_title_en", "public_title_nl", "public_title_fr"),
                    "public_wording_en",
                    "public_wording_nl",
                    "public_wording_fr",
                ]
            },
        ),
        (
            "Legal basis (controller activities)",
            {
                "fields": [
                    "legitimate_interests_assessment",
                    "consent_mechanism",
                    "special_categories",
                    "art9_condition",
                ]
            },
        ),
        (
            "Art. 30 record",
            {
                "fields": [
                    "data_subject_categories",
                    "personal_data_categories",
                    "recipient_categories",
                    "subprocessors",
                    "security_measures",
                    "derived_transfers",
                    "derived_retention",
                ]
            },
        ),
        (
            "Workflow",
            {
                "fields": [
                    "status",
                    "approved_by",
                    "approved_at",
                    "review_interval_months",
                    "next_review_on",
                    "retired_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        bases = Prefetch("legal_bases", queryset=ActivityLegalBasis.objects.only("id", "activity_id", "basis"))
        return super().get_queryset(request).prefetch_related(bases)

    def get_changeform_initial_data(self, request):
        return {"owner": request.user.pk, **super().get_changeform_initial_data(request)}

    def get_list_display(self, request):
        return [*super().get_list_display(request), _findings_column()]

    @admin.display(description="legal bases")
    def bases(self, obj: ProcessingActivity) -> str:
        if obj.is_processor:
            return "Customer's (controller's)"
        return ", ".join(row.get_basis_display().split(" ", 2)[1] for row in obj.legal_bases.all()) or "—"

    @admin.display(description="third-country transfers (from the sub-processors)")
    def derived_transfers(self, obj: ProcessingActivity) -> str:
        if not obj.pk:
            return "Derived from the sub-processors once saved."
        transfers = transfers_of(obj)
        if not transfers:
            return "No transfers: every linked sub-processor processes in the EEA."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((str(t),) for t in transfers)))

    @admin.display(description="retention (from the retention schedule)")
    def derived_retention(self, obj: ProcessingActivity) -> str:
        entries = retention_of(obj, retention_policies()) if obj.pk else []
        if not entries:
            return "Derived from the data categories' retention policies once saved."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((str(e),) for e in entries)))

    def save_formset(self, request, form, formset, change):
        # The review records stamp who screened and withdraw a DPIA sign-off when its content changes.
        if formset.model is DpiaScreening:
            for screening in formset.save(commit=False):
                services.screening_record(screening=screening, by=request.user)
        elif formset.model is Dpia:
            for dpia in formset.save(commit=False):
                services.dpia_save(dpia=dpia, by=request.user, content_changed=dpia.pk is not None)
        else:
            super().save_formset(request, form, formset, change)

    def response_change(self, request, obj):
        if obj.status in IN_FORCE:
            for finding in activity_findings(obj):
                messages.warning(request, f"Check failed: {finding.message}")
        return super().response_change(request, obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("findings/", view(admin_views.findings_view), name="legal_basis_findings"),
            path("record/<str:kind>/", view(admin_views.ropa_view), name="legal_basis_ropa"),
            path("<str:pk>/workflow/", view(admin_views.workflow_view), name="legal_basis_workflow"),
            path("<str:pk>/assistance/", view(admin_views.assistance_view), name="legal_basis_assistance"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        context = {"findings_url": reverse("admin:legal_basis_findings"), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {"workflow_url": reverse("admin:legal_basis_workflow", args=[object_id]), **(extra_context or {})}
        activity = self.get_object(request, object_id)
        context["workflow_toolbar"] = admin_views.toolbar(activity, request.user) if activity else []
        return super().change_view(request, object_id, form_url, extra_context=context)

    @admin.action(description="Submit the selected activities for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        _run(request, queryset, services.activity_submit_for_review, "submitted for review")

    @admin.action(description="Approve the selected activities", permissions=["approve"])
    def approve(self, request, queryset):
        _run(request, queryset, services.activity_approve, "approved")

    @admin.action(description="Return the selected activities to draft", permissions=["change"])
    def return_to_draft(self, request, queryset):
        _run(request, queryset, services.activity_return_to_draft, "returned to draft")

    @admin.action(description="Retire the selected activities", permissions=["change"])
    def retire(self, request, queryset):
        _run(request, queryset, services.activity_retire, "retired")

    @admin.action(description="Print the Art. 30 record of the selected activities", permissions=["view"])
    def print_record(self, request, queryset):
        return admin_views.ropa_response(request, ids=list(queryset.values_list("pk", flat=True)))

    def has_approve_permission(self, request) -> bool:
        return request.user.has_perm("legal_basis.approve_processingactivity")


def _findings_column():
    """Return a changelist column counting each activity's findings, computed once per page."""
    by_activity: dict[int, list[str]] | None = None

    @admin.display(description="checks")
    def findings(obj: ProcessingActivity) -> str:
        nonlocal by_activity
        if by_activity is None:
            by_activity = {}
            for finding in register_findings():
                by_activity.setdefault(finding.object_id, []).append(finding.message)
        problems = by_activity.get(obj.pk, [])
        if not problems:
            return "✓" if obj.status in IN_FORCE else ""
        return format_html('<span title="{}">⚠ {}</span>', "\n".join(problems), len(problems))

    return findings

"""Admin of the Retention app: the schedule, campaign windows, legal holds and the purge log."""

from django.contrib import admin, messages
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.utils import timezone

from callnex_compliance import confirmation
from callnex_compliance.confirmation import Plan
from callnex_compliance.history_admin import HistoryAdmin
from callnex_compliance.translated_admin import RequireDefaultLanguageMixin

from . import services
from .forms import LegalHoldForm
from .models import CampaignRetentionOverride, LegalHold, PurgeCategoryResult, PurgeRun, RetentionPolicy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(RequireDefaultLanguageMixin, HistoryAdmin):
    list_display = ["category", "role", "period", "anchor", "action", "updated_at"]
    list_filter = ["role", "action", "period_unit"]
    search_fields = ["category", "justification"]
    readonly_fields = ["category", "role", "anchor", "action", "updated_at"]
    fields = [
        "category",
        "role",
        ("period_value", "period_unit"),
        "anchor",
        "inactivity_months",
        "action",
        "justification_en",
        "justification_nl",
        "justification_fr",
        "updated_at",
    ]

    @admin.display(description="period", ordering="period_value")
    def period(self, obj: RetentionPolicy) -> str:
        return obj.period_display

    def has_add_permission(self, request) -> bool:
        return False  # one policy per category, created by the migrations

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a category without a policy would silently stop being purged


@admin.register(CampaignRetentionOverride)
class CampaignRetentionOverrideAdmin(HistoryAdmin):
    list_display = ["campaign", "category", "days", "requested_by", "updated_at"]
    list_select_related = ["campaign__customer"]
    list_filter = ["category", ("campaign__customer", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["campaign__name", "campaign__customer__name", "requested_by"]
    autocomplete_fields = ["campaign"]
    readonly_fields = ["created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        # The history shows the staff user (history_user) and the customer reference they entered.
        obj._change_reason = f"Requested by {obj.requested_by} (entered in admin)"
        super().save_model(request, obj, form, change)


@admin.register(LegalHold)
class LegalHoldAdmin(HistoryAdmin):
    list_display = ["reference", "scope", "target", "placed_at", "placed_by", "released_at", "active"]
    list_select_related = ["customer", "campaign__customer", "contact", "call", "placed_by"]
    list_filter = ["scope", ("released_at", admin.EmptyFieldListFilter), "placed_at"]
    search_fields = ["reference", "reason"]
    form = LegalHoldForm
    autocomplete_fields = ["customer", "campaign", "contact", "call", "rights_request"]
    readonly_fields = ["placed_by", "placed_at", "released_by", "released_at"]
    actions = ["release_holds"]

    class Media:
        js = ["retention/legal_hold_form.js"]

    @admin.display(description="holds")
    def target(self, obj: LegalHold) -> str:
        return str(getattr(obj, obj.scope, None) or f"{obj.scope} #{obj.target_id} (deleted)")

    @admin.display(boolean=True)
    def active(self, obj: LegalHold) -> bool:
        return obj.is_active

    def get_readonly_fields(self, request, obj=None):
        # What a hold covers is fixed once placed; release it and place a new one instead.
        if obj is not None:
            return [*self.readonly_fields, "scope", "customer", "campaign", "contact", "call", "rights_request"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.placed_by, obj.placed_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # release instead: the hold stays as evidence of why data was kept

    @admin.action(description="Release the selected holds (confirm first)", permissions=["change"])
    def release_holds(self, request, queryset):
        holds = list(queryset.filter(released_at__isnull=True).order_by("pk"))
        scope = "retention.release:" + ",".join(str(hold.pk) for hold in holds)
        if not confirmation.is_confirmed(request.POST, scope=scope):
            plan = Plan(
                f"Releases {len(holds)} legal hold(s). The data they kept is then purged by the next nightly run "
                "when its retention period is over, and an erasure waiting for the hold can go ahead. "
                "This cannot be undone for data already purged."
            )
            plan.notes = [f"{hold.reference} — {self.target(hold)} — {hold.reason}" for hold in holds]
            values = [("action", "release_holds"), *((admin.helpers.ACTION_CHECKBOX_NAME, str(h.pk)) for h in holds)]
            context = {
                **self.admin_site.each_context(request), "title": "Release legal holds", "opts": self.model._meta,
                "plan": plan, "values": values, "token": confirmation.confirmation_token(scope=scope),
                "cancel_url": request.get_full_path(), "submit_label": "Yes, release", "destructive": True,
                "blocked": "" if holds else "None of the selected holds is active: nothing to release.",
            }  # fmt: skip
            return TemplateResponse(request, "admin/callnex_confirm.html", context)
        for hold in holds:
            services.legal_hold_release(hold=hold, released_by=request.user)
        self.message_user(request, f"Released {len(holds)} hold(s); the next purge applies.", messages.SUCCESS)
        return None


class PurgeCategoryResultInline(admin.TabularInline):
    model = PurgeCategoryResult
    fields = ["category", "deleted", "anonymised", "kept_by_hold", "errors", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PurgeRun)
class PurgeRunAdmin(HistoryAdmin):
    list_display = ["__str__", "status", "trigger", "started_at", "ended_at", "deleted", "kept", "errors"]
    list_filter = ["status", "trigger", "only_category"]
    search_fields = ["=id", "host"]
    date_hierarchy = "started_at"
    inlines = [PurgeCategoryResultInline]
    readonly_fields = [field.name for field in PurgeRun._meta.fields]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                total_deleted=Sum("results__deleted"),
                total_kept=Sum("results__kept_by_hold"),
                total_errors=Sum("results__errors"),
            )
        )

    def changelist_view(self, request, extra_context=None):
        # Eight columns and the date drill-down need the full width at 1366 px.
        return super().changelist_view(request, {"is_nav_sidebar_enabled": False, **(extra_context or {})})

    @admin.display(description="deleted", ordering="total_deleted")
    def deleted(self, obj) -> int:
        return obj.total_deleted or 0

    @admin.display(description="kept by hold", ordering="total_kept")
    def kept(self, obj) -> int:
        return obj.total_kept or 0

    @admin.display(ordering="total_errors")
    def errors(self, obj) -> int:
        return obj.total_errors or 0

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

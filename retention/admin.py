"""Admin of the Retention app: the schedule, campaign windows, legal holds and the purge log."""

from django.contrib import admin, messages
from django.db.models import Sum
from django.utils import timezone

from callnex_compliance.history_admin import HistoryAdmin

from . import services
from .forms import LegalHoldForm
from .models import CampaignRetentionOverride, LegalHold, PurgeCategoryResult, PurgeRun, RetentionPolicy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(HistoryAdmin):
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
        "justification",
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

    @admin.action(description="Release the selected holds", permissions=["change"])
    def release_holds(self, request, queryset):
        holds = list(queryset.filter(released_at__isnull=True))
        for hold in holds:
            services.legal_hold_release(hold=hold, released_by=request.user)
        self.message_user(request, f"Released {len(holds)} hold(s); the next purge applies.", messages.SUCCESS)


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

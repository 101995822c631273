"""Admin of the breach register: the incident file with its timeline, notices and workflow pages."""

import io

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from callnex_compliance.display import human_time
from callnex_compliance.history_admin import HistoryAdmin
from callnex_compliance.platform_data.models import OrganisationProfile

from . import admin_views, exports, selectors, services, texts
from .forms import IncidentForm
from .models import (
    AffectedPerson,
    AuthorityNotification,
    BreachSettings,
    CorrectiveAction,
    CustomerNotice,
    Incident,
    IncidentEvent,
    ScopeCount,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EventInline(ReadOnlyInline):
    model = IncidentEvent
    fields = ["at", "kind", "message", "actor"]
    readonly_fields = fields
    verbose_name_plural = "timeline"


class ScopeCountInline(ReadOnlyInline):
    model = ScopeCount
    fields = ["customer", "people", "calls", "recordings", "transcripts", "contacts"]
    readonly_fields = fields
    verbose_name_plural = "affected customers (counted from the platform data)"


class CustomerNoticeInline(ReadOnlyInline):
    model = CustomerNotice
    fields = ["customer", "kind", "recipient", "sent_at", "message_id", "outcome"]
    readonly_fields = fields
    verbose_name_plural = "notices to customers (proof)"


class AuthorityNotificationInline(ReadOnlyInline):
    model = AuthorityNotification
    fields = ["phase", "language", "submitted_at", "authority_reference", "late_reason", "recorded_by"]
    readonly_fields = fields


class AffectedPersonInline(admin.TabularInline):
    model = AffectedPerson
    extra = 0
    fields = ["customer", "name", "email", "phone", "informed_at", "channel"]
    readonly_fields = ["informed_at", "channel"]
    autocomplete_fields = ["customer"]


class CorrectiveActionInline(admin.TabularInline):
    model = CorrectiveAction
    extra = 0
    fields = ["description", "owner", "due_on", "done_on"]


@admin.register(Incident)
class IncidentAdmin(HistoryAdmin):
    form = IncidentForm

    class Media:
        css = {"all": ["breaches/admin.css"]}

    change_form_template = "breaches/admin/change_form.html"
    change_list_template = "breaches/admin/change_list.html"
    list_display = ["reference", "title", "state", "risk_outcome", "aware_at", "authority_clock", "people_in_scope"]
    list_filter = ["state", "risk_outcome", "affects_own_data"]
    search_fields = ["reference", "title"]
    filter_horizontal = ["weak_measures"]
    history_list_display = ["state", "risk_outcome"]
    actions = ["export_csv"]
    inlines = [
        EventInline, ScopeCountInline, CustomerNoticeInline, AuthorityNotificationInline, AffectedPersonInline,
        CorrectiveActionInline,
    ]  # fmt: skip
    readonly_fields = [
        "reference", "state", "authority_clock", "scope_summary", "likelihood", "severity", "risk_outcome",
        "risk_reasons", "art34_exception", "art34_exception_reason", "assessed_at", "assessed_by", "contained_at",
        "closed_at",
    ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authority_notifications")

    def get_inlines(self, request, obj=None):
        return self.inlines if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        facts = ["title", "description", "cause", "systems", "data_categories"]
        clock = ["occurred_at", "detected_at", "aware_at"]
        own = ["affects_own_data", "approximate_people", "approximate_records", "consequences", "measures_taken"]
        if obj is None:
            return [
                ("What happened", {"fields": facts}),
                ("Clock", {"fields": clock}),
                ("CallNex's own data", {"fields": own}),
            ]
        return [
            ("Incident", {"fields": ["reference", "state", *facts]}),
            ("Clock", {"fields": [*clock, "authority_clock"]}),
            ("Scope", {"fields": ["scope_summary"]}),
            ("CallNex's own data", {"fields": own}),
            ("Risk assessment", {"fields": ["likelihood", "severity", "risk_outcome", "risk_reasons", "art34_exception",
                                            "art34_exception_reason", "assessed_at", "assessed_by"]}),
            ("Lessons", {"fields": ["weak_measures", "contained_at", "closed_at"]}),
        ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.is_closed:
            return [*self.readonly_fields, *IncidentForm.Meta.fields]
        return self.readonly_fields

    @admin.display(description="authority deadline")
    def authority_clock(self, obj: Incident):
        if obj.needs_authority is False:
            return "no authority notification due"
        if obj.is_closed or any(n.phase == "initial" for n in obj.authority_notifications.all()):
            return f"notified (deadline was {human_time(obj.authority_deadline)})"
        left, tone = selectors.authority_clock(obj)
        return format_html('<span class="breach-clock breach-{}">{} — {}</span>', tone, selectors.format_left(left),
                           human_time(obj.authority_deadline))  # fmt: skip

    @admin.display(description="scope")
    def scope_summary(self, obj: Incident) -> str:
        if obj.scope_counted_at is None:
            return "Not set yet: use “Set scope”."
        records = ", ".join(f"{count} {name}" for name, count in obj.records_in_scope.items())
        window = ""
        if obj.window_start or obj.window_end:
            window = f" Window: {human_time(obj.window_start) or '…'} – {human_time(obj.window_end) or '…'}."
        return f"{obj.people_in_scope} people; {records}.{window} Counted {human_time(obj.scope_counted_at)}."

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in IncidentForm.Meta.fields}
        data.pop("weak_measures", None)  # saved with the other relations by save_related
        if change:
            services.incident_update(incident=obj, actor=request.user, changes=data)
            return
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("weak_measures",)}
        created = services.incident_create(**fields, actor=request.user)
        obj.pk, obj.reference = created.pk, created.reference

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # every breach stays documented (Art. 33(5))

    @admin.action(description="Export the selected incidents as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        stream = io.StringIO()
        exports.write_register_csv(stream, exports.register_queryset().filter(pk__in=queryset.values("pk")))
        response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="breach-register.csv"'
        return response

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("register.csv", wrap(self.register_csv_view), name="breaches_incident_register_csv"),
            path("register/", wrap(self.register_print_view), name="breaches_incident_register_print"),
            path(
                "<path:object_id>/authority-text/",
                wrap(self.authority_text_view),
                name="breaches_incident_authority_text",
            ),
            path(
                "<path:object_id>/workflow/<slug:slug>/",
                wrap(lambda request, object_id, slug: admin_views.workflow_view(self, request, object_id, slug)),
                name="breaches_incident_workflow",
            ),
            *super().get_urls(),
        ]  # fmt: skip

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        groups = admin_views.toolbar(obj, request.user) if obj else []
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "workflow_toolbar": groups})

    def _require_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied

    def register_csv_view(self, request):
        self._require_view(request)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="breach-register.csv"'
        exports.write_register_csv(response)
        return response

    def register_print_view(self, request):
        self._require_view(request)
        context = {
            "organisation": OrganisationProfile.get_solo(),
            "incidents": [
                list(zip(exports.COLUMNS, row, strict=True))
                for row in exports.register_rows(exports.register_queryset())
            ],
            "generated_at": timezone.localtime(),
        }
        return TemplateResponse(request, "breaches/register_print.html", context)

    def authority_text_view(self, request, object_id):
        self._require_view(request)
        incident = self.get_object(request, object_id)
        if incident is None:
            raise PermissionDenied
        language = request.GET.get("lang") if request.GET.get("lang") in texts.LANGUAGES else "nl"
        context = {
            "incident": incident,
            "language": language,
            "languages": texts.LANGUAGES,
            "text": texts.authority_notification_text(incident, language=language),
        }
        return TemplateResponse(request, "breaches/authority_print.html", context)


@admin.register(BreachSettings)
class BreachSettingsAdmin(HistoryAdmin):
    fields = ["customer_notice_hours"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        BreachSettings.get_solo()
        return super().changelist_view(request, extra_context)

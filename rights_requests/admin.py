"""Admin of the rights requests: the staff's worklist, the request file with its timeline, and actions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from callnex_compliance.admin_site import admin_object_pk
from callnex_compliance.display import human_date
from callnex_compliance.history_admin import HistoryAdmin
from callnex_compliance.readable import readable_counts, shown

from . import admin_views, letters, services
from .deadlines import Urgency
from .forms import LiftSuppressionForm, RightsRequestForm
from .models import (
    CalendarFeed,
    DataExport,
    FileReview,
    Forwarding,
    Right,
    RightsRequest,
    RightsRequestEvent,
    RightsRequestLetter,
    SubjectMatch,
    SuppressionEntry,
)
from .selectors import brussels_today, intake_deadlines, request_handlers, rights_requests_search


class UrgencyFilter(admin.SimpleListFilter):
    title = "urgency"
    parameter_name = "urgency"

    def lookups(self, request, model_admin):
        return [
            (Urgency.OVERDUE, "Overdue"),
            (Urgency.RED, "Red (< 5 days)"),
            (Urgency.AMBER, "Amber (< 10 days)"),
            (Urgency.GREEN, "Green (10+ days)"),
            ("week", "Due within 7 days"),
            ("paused", "Paused (awaiting identity)"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "paused":
            return queryset.open().filter(status=RightsRequest.Status.AWAITING_IDENTITY)
        if self.value() == "week":
            return queryset.due_within_week(brussels_today())
        if self.value() in Urgency._value2member_map_:
            return queryset.in_urgency(Urgency(self.value()), brussels_today())
        return queryset


class RightFilter(admin.SimpleListFilter):
    title = "right"
    parameter_name = "right"

    def lookups(self, request, model_admin):
        return Right.choices

    def queryset(self, request, queryset):
        return queryset.with_right(self.value()) if self.value() in Right.values else queryset


class MineFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("me", "My requests"), ("nobody", "Unassigned")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "nobody":
            return queryset.filter(assignee__isnull=True)
        return queryset


class OpenFilter(admin.SimpleListFilter):
    title = "open or closed"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("closed", "Closed")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "closed":
            return queryset.filter(closed_at__isnull=False)
        return queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EventInline(ReadOnlyInline):
    model = RightsRequestEvent
    fields = ["at", "kind", "message", "actor"]
    readonly_fields = fields
    verbose_name_plural = "timeline"


class LetterInline(ReadOnlyInline):
    model = RightsRequestLetter
    fields = ["created_at", "kind", "to_email", "subject", "sent_at", "pdf"]
    readonly_fields = fields

    @admin.display(description="PDF")
    def pdf(self, obj: RightsRequestLetter) -> str:
        url = reverse("admin:rights_requests_letter_pdf", args=[obj.rights_request_id, obj.pk])
        return format_html('<a href="{}">Download</a>', url)


class MatchInline(ReadOnlyInline):
    model = SubjectMatch
    fields = ["customer", "campaign", "contacts", "calls", "recordings", "transcripts", "found_at"]
    readonly_fields = fields
    verbose_name_plural = "data found"


class ForwardingInline(ReadOnlyInline):
    model = Forwarding
    fields = ["customer", "state", "forwarded_at", "forwarded_by", "closed_at", "outcome", "file_review"]
    readonly_fields = fields

    @admin.display(description="Art. 15(4) review")
    def file_review(self, obj: Forwarding):
        if not obj.export_to_person:
            return "—"
        url = reverse("admin:rights_requests_rightsrequest_file_review", args=[obj.rights_request_id])
        return format_html('<a href="{}">Review recordings and transcripts</a>', url)


class FileReviewInline(ReadOnlyInline):
    model = FileReview
    fields = ["customer", "kind", "call_id", "decision", "reason", "reviewer", "decided_at"]
    readonly_fields = fields
    verbose_name_plural = "Art. 15(4) file reviews"


class ExportInline(ReadOnlyInline):
    model = DataExport
    fields = ["created_at", "created_by", "counts_shown", "expires_at", "download"]
    readonly_fields = fields
    counts_shown = shown("counts", "contents", readable_counts)

    @admin.display(description="file")
    def download(self, obj: DataExport):
        if not obj.is_available():
            return "expired"
        url = reverse("rights_requests:export-download", args=[obj.pk])
        return format_html('<a href="{}">Download ZIP ({} KB)</a>', url, max(obj.size_bytes // 1024, 1))


@admin.register(RightsRequest)
class RightsRequestAdmin(HistoryAdmin):
    form = RightsRequestForm

    class Media:
        css = {"all": ["rights_requests/admin.css"]}
        js = ["rights_requests/intake.js"]

    change_form_template = "rights_requests/admin/change_form.html"
    change_list_template = "rights_requests/admin/change_list.html"
    list_display = ["reference", "requester_name", "rights_list", "status", "role", "assignee", "due", "days_left"]
    list_display_links = ["reference"]
    list_select_related = ["assignee", "customer"]
    list_filter = [
        OpenFilter,
        "status",
        UrgencyFilter,
        RightFilter,
        MineFilter,
        ("assignee", admin.RelatedOnlyFieldListFilter),
        "role",
        "channel",
    ]
    search_fields = ["reference"]
    search_help_text = (
        "Reference, the requester's name or part of their email address (sofie@, example.com), or a phone number."
    )
    show_full_result_count = False
    autocomplete_fields = ["customer"]
    actions = ["assign_to_me"]
    inlines = [EventInline, LetterInline, MatchInline, ForwardingInline, FileReviewInline, ExportInline]
    history_list_display = ["status", "due_on"]
    readonly_fields = [
        "reference",
        "status",
        "received_at",
        "legal_deadline_shown",
        "sla_deadline_shown",
        "due_on",
        "days_left",
        "paused_since",
        "paused_days",
        "extension_months",
        "extension_reason",
        "erasure_approved_by",
        "erasure_approved_at",
        "refusal_reason",
        "outcome_text",
        "closed_at",
        "anonymised_at",
    ]

    def get_inlines(self, request, obj=None):
        return self.inlines if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        rights = "rights_list" if obj is not None and obj.is_closed else "rights"
        intake = ["requester_name", "requester_email", "requester_phone", rights, "channel", "language"]
        if obj is None:
            # One screen: what must be typed first, then what is preset (channel, time, assignee), the rest folded.
            return [
                ("Requester and rights", {"fields": ["requester_name", "requester_email", "rights"]}),
                ("Received", {"fields": ["channel", "received_at", "assignee"]}),
                (
                    "More (phone, details, a customer's request)",
                    {"fields": ["requester_phone", "details", "role", "customer"], "classes": ["collapse"]},
                ),
            ]
        return [
            ("Request", {"fields": ["reference", "status", "received_at", *intake, "details"]}),
            ("Handling", {"fields": ["role", "customer", "assignee"]}),
            (
                "Deadlines",
                {
                    "fields": [
                        "legal_deadline_shown",
                        "sla_deadline_shown",
                        "due_on",
                        "days_left",
                        "paused_since",
                        "paused_days",
                        "extension_months",
                        "extension_reason",
                    ]
                },
            ),
            (
                "Outcome",
                {
                    "fields": [
                        "erasure_approved_by",
                        "erasure_approved_at",
                        "refusal_reason",
                        "outcome_text",
                        "closed_at",
                        "anonymised_at",
                    ]
                },
            ),
        ]

    def get_changeform_initial_data(self, request):
        """Preset an e-mailed request received now, handled by the person logging it (when they may handle it)."""
        initial = {
            "channel": RightsRequest.Channel.EMAIL,
            "received_at": timezone.localtime().replace(microsecond=0),
            **super().get_changeform_initial_data(request),
        }
        if "assignee" not in initial and request_handlers().filter(pk=request.user.pk).exists():
            initial["assignee"] = request.user.pk
        return initial

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "intake_deadlines": intake_deadlines(timezone.now()),
            "intake_deadlines_url": reverse("admin:rights_requests_intake_deadlines"),
        }
        return super().add_view(request, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        """After a plain save, say the reference and the due date and open the new request."""
        if any(key in request.POST for key in ("_continue", "_addanother", "_popup", "_saveasnew")):
            return super().response_add(request, obj, post_url_continue)
        obj.refresh_from_db()
        self.message_user(
            request,
            f"{obj.reference} is logged: due {obj.due_on.day} {obj.due_on:%b %Y} "
            f"(legal deadline {obj.legal_deadline.day} {obj.legal_deadline:%b %Y}).",
            messages.SUCCESS,
        )
        return redirect("admin:rights_requests_rightsrequest_change", obj.pk)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.is_closed:
            return [*self.readonly_fields, "requester_name", "requester_email", "requester_phone", "details",
                    "rights_list", "channel", "language", "role", "customer", "assignee"]  # fmt: skip
        return self.readonly_fields

    @admin.display(description="rights")
    def rights_list(self, obj: RightsRequest) -> str:
        return obj.get_rights_display()

    def changelist_view(self, request, extra_context=None):
        # The worklist needs the full width at 1366 px: the app list stays one click away (Home).
        return super().changelist_view(request, {"is_nav_sidebar_enabled": False, **(extra_context or {})})

    def get_queryset(self, request):
        return super().get_queryset(request).with_parts_due()

    @admin.display(description="Legal deadline")
    def legal_deadline_shown(self, obj: RightsRequest) -> str:
        """Show the deadline that applies now; after an extension the extended one, with the original."""
        current = human_date(obj.current_legal_deadline)
        if obj.extension_months:
            original = human_date(obj.legal_deadline)
            return f"{current} (extended by {obj.extension_months} month(s); originally {original})"
        return current

    @admin.display(description="SLA deadline")
    def sla_deadline_shown(self, obj: RightsRequest) -> str:
        if obj.extension_months:
            return f"{human_date(obj.sla_deadline)} (no longer applies: extended)"
        return human_date(obj.sla_deadline)

    @admin.display(description="due on", ordering="due_on")
    def due(self, obj: RightsRequest):
        """Show the Art. 12(3) date, or for a request without an own part its earliest customer part's deadline."""
        return obj.worklist_due_on

    @admin.display(description="days left", ordering="due_on")
    def days_left(self, obj: RightsRequest):
        if obj.is_closed:
            band, label = "closed", "closed"
        elif obj.is_paused:
            band, label = "paused", "paused"
        else:
            left, band = obj.days_left(), obj.urgency()
            label = f"{-left} overdue" if band == Urgency.OVERDUE else str(left)
        return format_html('<span class="rr-badge rr-{}" title="{}">{}</span>', band, band, label)

    def get_search_results(self, request, queryset, search_term):
        return rights_requests_search(queryset, search_term), False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
        if change:
            services.rights_request_update(rights_request=obj, actor=request.user, changes=data)
            return
        created = services.rights_request_create(**form.cleaned_data, actor=request.user)
        obj.pk, obj.reference = created.pk, created.reference

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # requests are closed and, after their retention, anonymised — never deleted

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = 0
        for rights_request in queryset.open():
            try:
                services.rights_request_assign(rights_request=rights_request, assignee=request.user, actor=request.user)
                count += 1
            except ValidationError as error:
                self.message_user(request, f"{rights_request.reference}: {' '.join(error.messages)}", messages.ERROR)
        self.message_user(request, f"{count} request(s) assigned to you.")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<str:object_id>/workflow/<slug:slug>/",
                wrap(lambda request, object_id, slug: admin_views.workflow_view(self, request, object_id, slug)),
                name="rights_requests_rightsrequest_workflow",
            ),
            path(
                "<str:object_id>/file-review/",
                wrap(lambda request, object_id: admin_views.file_review_view(self, request, object_id)),
                name="rights_requests_rightsrequest_file_review",
            ),
            path("calendar-feed/", wrap(self.calendar_feed_view), name="rights_requests_calendar_feed"),
            path(
                "intake-deadlines/",
                wrap(lambda request: admin_views.intake_deadlines_view(self, request)),
                name="rights_requests_intake_deadlines",
            ),
            path(
                "<str:request_id>/letters/<str:letter_id>/pdf/",
                wrap(self.letter_pdf_view),
                name="rights_requests_letter_pdf",
            ),
            path("statistics/", wrap(self.statistics_view), name="rights_requests_statistics"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "workflow_toolbar": admin_views.toolbar(obj, request.user) if obj else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def letter_pdf_view(self, request, request_id: str, letter_id: str):
        """Download one kept letter as a PDF (who may view the request may view its letters)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        letter = get_object_or_404(
            RightsRequestLetter, pk=admin_object_pk(letter_id), rights_request_id=admin_object_pk(request_id)
        )
        response = HttpResponse(letters.letter_pdf(letter), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{letter.rights_request.reference}-{letter.kind}.pdf"'
        return response

    def statistics_view(self, request):
        return admin_views.statistics_view(self, request)

    def calendar_feed_view(self, request):
        """Let a staff member create, replace or revoke their secret deadline calendar URL."""
        if not self.has_view_permission(request):
            return redirect("admin:index")
        feed_url = None
        can_issue = request.user.has_perm("rights_requests.add_calendarfeed")
        if request.method == "POST":
            action = "change" if request.POST.get("revoke") else "add"
            needed = f"rights_requests.{action}_calendarfeed"
            if not request.user.has_perm(needed):
                raise PermissionDenied  # a feed is a write: the auditor may read deadlines, not issue itself a URL
            if request.POST.get("revoke"):
                services.calendar_feed_revoke(user=request.user)
                self.message_user(request, "Your calendar feed is revoked; its URL no longer works.")
            else:
                token = services.calendar_feed_issue(user=request.user)
                feed_url = request.build_absolute_uri(reverse("rights_requests:calendar-feed", args=[token]))
        feed = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "My deadline calendar",
            "feed": feed,
            "feed_url": feed_url,
            "can_issue": can_issue,
            "can_revoke": request.user.has_perm("rights_requests.change_calendarfeed"),
        }
        return TemplateResponse(request, "rights_requests/admin/calendar_feed.html", context)


@admin.register(SuppressionEntry)
class SuppressionEntryAdmin(HistoryAdmin):
    list_display = ["__str__", "applies_to", "rights_request", "created_at", "lifted_at"]
    list_select_related = ["rights_request", "customer"]
    list_filter = [("lifted_at", admin.EmptyFieldListFilter), ("customer", admin.EmptyFieldListFilter)]
    readonly_fields = [
        "phone_hash",
        "customer",
        "rights_request",
        "created_at",
        "lifted_at",
        "lifted_by",
        "lift_reason",
        "lift_instruction_reference",
        "lift_instructed_on",
    ]
    search_fields = ["rights_request__reference"]
    actions = ["lift"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # "never call again" is lifted with a reason (the action), never deleted

    def has_lift_permission(self, request) -> bool:
        return request.user.has_perm("rights_requests.lift_suppressionentry")

    @admin.display(description="Applies to", ordering="customer__name")
    def applies_to(self, obj) -> str:
        return obj.customer.name if obj.customer_id else "Every customer (global)"

    @admin.action(description="Lift the suppression (data protection contact, with a reason)", permissions=["lift"])
    def lift(self, request, queryset):
        if queryset.count() != 1:
            messages.error(request, "Select exactly one suppression to lift.")
            return None
        entry = queryset.select_related("rights_request").get()
        form = LiftSuppressionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                services.suppression_lift(entry=entry, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                messages.success(request, f"{entry} is lifted; the reason is kept in its history.")
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Lift {entry}",
            "opts": self.model._meta,
            "form": form,
            "entry": entry,
            "needs_instruction": services.suppression_concerns_customer_data(entry),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "rights_requests/admin/lift_suppression.html", context)


@admin.register(DataExport)
class DataExportAdmin(HistoryAdmin):
    list_display = ["__str__", "rights_request", "created_by", "created_at", "expires_at", "deleted_at"]
    list_select_related = ["rights_request", "created_by"]
    list_filter = [("deleted_at", admin.EmptyFieldListFilter)]
    fields = ["rights_request", "counts_shown", "size_bytes", "created_by", "created_at", "expires_at", "deleted_at"]
    readonly_fields = fields
    counts_shown = shown("counts", "contents", readable_counts)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FileReview)
class FileReviewAdmin(HistoryAdmin):
    """The Art. 15(4) decisions, read-only: they are made on the request's review page, one file at a time."""

    list_display = ["__str__", "rights_request", "customer", "decision", "reviewer", "decided_at"]
    list_select_related = ["rights_request", "customer", "reviewer"]
    list_filter = ["decision", "kind"]
    search_fields = ["rights_request__reference"]
    fields = [
        "rights_request",
        "customer",
        "kind",
        "file_id",
        "call_id",
        "decision",
        "reason",
        "reviewer",
        "decided_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a decision is changed on the review page (kept in history), never deleted


@admin.register(CalendarFeed)
class CalendarFeedAdmin(HistoryAdmin):
    list_display = ["user", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    fields = ["user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Revoke the selected feeds", permissions=["change"])
    def revoke(self, request, queryset):
        count = sum(services.calendar_feed_revoke(user=feed.user) for feed in queryset.select_related("user"))
        self.message_user(request, f"{count} feed(s) revoked.")

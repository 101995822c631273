"""What the data protection contact must look at today, for the admin index.

Each section is read with a fixed number of queries whatever the data size, and is shown only to staff
who may view the records behind it. Every figure links to the changelist it summarises.
"""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from callnex_compliance.display import human_time
from callnex_compliance.platform_data.models import Customer
from legal_basis.checks import register_findings
from legal_basis.models import ProcessingActivity
from retention.models import PurgeRun
from retention.selectors import purge_last_success
from retention.services import HEALTHY_WITHIN
from rights_requests.deadlines import Urgency
from rights_requests.models import RightsRequest
from rights_requests.selectors import brussels_today
from subprocessors.models import (
    CustomerDPA,
    CustomerExclusion,
    NoticeDelivery,
    Objection,
    Offboarding,
    SubprocessorChange,
)
from subprocessors.selectors import customers_without_dpa

REVIEW_HORIZON_DAYS = 30
WEEK = dt.timedelta(days=7)


@dataclass
class Figure:
    """A count with the changelist that lists it; `tone` is ok, warn or alert."""

    label: str
    value: int
    url: str
    tone: str = "ok"


@dataclass
class Section:
    title: str
    figures: list[Figure] = field(default_factory=list)
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (text, detail, url)
    note: str = ""
    tone: str = "ok"
    url: str = ""


def _changelist(model, **params) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _can_view(user, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


def requests_section(today: dt.date) -> Section:
    """Overdue, due this week and paused requests, and the most urgent ones (four queries)."""
    requests = RightsRequest.objects
    overdue = requests.in_urgency(Urgency.OVERDUE, today).count()
    this_week = requests.due_within_week(today).count()
    paused = requests.open().filter(status=RightsRequest.Status.AWAITING_IDENTITY).count()
    section = Section("Rights requests", url=_changelist(RightsRequest, open="open"))
    section.figures = [
        Figure("Overdue", overdue, _changelist(RightsRequest, urgency="overdue"), "alert" if overdue else "ok"),
        Figure("Due this week", this_week, _changelist(RightsRequest, urgency="week"), "warn" if this_week else "ok"),
        Figure("Paused (awaiting identity)", paused, _changelist(RightsRequest, urgency="paused")),
    ]
    most_urgent = (
        requests.counting()
        .with_parts_due()
        .filter(worklist_due__lte=today + WEEK)
        .order_by("worklist_due", "reference")[:5]
    )
    section.rows = [
        (
            r.reference,
            f"due {r.worklist_due_on:%d %b %Y}",
            reverse("admin:rights_requests_rightsrequest_change", args=[r.pk]),
        )
        for r in most_urgent.only("pk", "reference", "due_on", "role", "own_data")
    ]
    section.tone = "alert" if overdue else ("warn" if this_week else "ok")
    return section


def purge_section(now: dt.datetime) -> Section:
    """The last purge run with its counts; alert when it failed or no run succeeded in 26 hours (three queries)."""
    section = Section("Nightly purge", url=_changelist(PurgeRun))
    last = PurgeRun.objects.order_by("-started_at").prefetch_related("results").first()
    last_success = purge_last_success()
    healthy = last_success is not None and last_success.ended_at >= now - HEALTHY_WITHIN
    if last is None:
        section.note = "No purge has run yet."
    else:
        section.note = f"Last run {human_time(last.started_at)}: {last.get_status_display()}."
        section.rows = [
            (
                result.get_category_display(),
                f"{result.deleted} deleted · {result.anonymised} anonymised · {result.kept_by_hold} kept by hold"
                + (f" · {result.errors} errors" if result.errors else ""),
                reverse("admin:retention_purgerun_change", args=[last.pk]),
            )
            for result in last.results.all()
        ]
    if not healthy:
        section.note += " No purge succeeded in the last 26 hours."
    failed = last is not None and last.status in (PurgeRun.Status.FAILED, PurgeRun.Status.INTERRUPTED)
    section.tone = "alert" if failed or not healthy else "ok"
    return section


def subprocessors_section(today: dt.date) -> Section:
    """Upcoming sub-processor changes and open objections (two queries)."""
    upcoming = (
        SubprocessorChange.objects.filter(applied_at__isnull=True, withdrawn_at__isnull=True, effective_from__gte=today)
        .select_related("subprocessor")
        .order_by("effective_from")
    )
    open_objections = Objection.objects.filter(status=Objection.Status.OPEN).count()
    section = Section("Sub-processors", url=_changelist(SubprocessorChange))
    section.rows = [
        (
            f"{change.get_kind_display()}: {change.subprocessor.public_name}",
            f"effective {change.effective_from:%d %b %Y} ({(change.effective_from - today).days} days)",
            reverse("admin:subprocessors_subprocessorchange_change", args=[change.pk]),
        )
        for change in upcoming
    ]
    section.figures = [
        Figure(
            "Upcoming changes",
            len(section.rows),
            _changelist(SubprocessorChange, applied_at__isempty="1", withdrawn_at__isempty="1"),
        ),
        Figure(
            "Open objections",
            open_objections,
            _changelist(Objection, status=Objection.Status.OPEN),
            "warn" if open_objections else "ok",
        ),
    ]
    section.tone = "warn" if open_objections else "ok"
    return section


def customer_dpas_section(today: dt.date) -> Section:
    """Customers without a DPA, failing customer notices, sub-processors kept away, contract ends (eight queries)."""
    without_dpa = customers_without_dpa().count()
    failing = NoticeDelivery.objects.filter(customer__isnull=False, status=NoticeDelivery.Status.FAILED)
    excluded = CustomerExclusion.objects.filter(ended_at__isnull=True)
    section = Section("Customer DPAs and notices", url=_changelist(CustomerDPA))
    section.figures = [
        Figure(
            "Customers with data and no DPA", without_dpa, _changelist(CustomerDPA), "alert" if without_dpa else "ok"
        ),
        Figure(
            "Customer notices failing",
            failing.count(),
            _changelist(NoticeDelivery, status=NoticeDelivery.Status.FAILED, customer__isempty="0"),
        ),
        Figure(
            "Sub-processors kept from a customer",
            excluded.count(),
            _changelist(CustomerExclusion, ended_at__isempty="1"),
        ),
    ]
    section.figures[1].tone = "warn" if section.figures[1].value else "ok"
    section.rows = [
        (
            f"Notice not delivered: {delivery.customer.name}",
            f"{delivery.change.subprocessor.public_name} · {delivery.attempts} attempts · {delivery.last_error}",
            reverse("admin:subprocessors_subprocessorchange_change", args=[delivery.change_id]),
        )
        for delivery in failing.select_related("customer", "change__subprocessor").order_by("pk")[:5]
    ] + [
        (
            f"{exclusion.subprocessor.public_name} kept from {exclusion.customer.name}",
            exclusion.get_reason_display(),
            reverse("admin:subprocessors_customerexclusion_change", args=[exclusion.pk]),
        )
        for exclusion in excluded.select_related("subprocessor", "customer").order_by("-created_at")[:5]
    ]
    ending = Customer.objects.filter(contract_ended_on__gte=today, contract_ended_on__lte=today + dt.timedelta(days=30))
    overdue = Offboarding.objects.exclude(status=Offboarding.Status.DELETED).filter(delete_by__lt=today).count()
    section.figures += [
        Figure("Contracts ending within 30 days", ending.count(), _changelist(Customer), "warn" if ending else "ok"),
        Figure("Overdue offboardings", overdue, _changelist(Offboarding), "alert" if overdue else "ok"),
    ]
    section.tone = "alert" if without_dpa or overdue else ("warn" if section.figures[1].value else "ok")
    return section


def register_section(today: dt.date) -> Section:
    """compliance_check findings and activities due for review (six queries)."""
    findings = register_findings(today=today)
    due_for_review = ProcessingActivity.objects.filter(
        status=ProcessingActivity.Status.APPROVED, next_review_on__lte=today + dt.timedelta(days=REVIEW_HORIZON_DAYS)
    ).count()
    section = Section("Processing register", url=_changelist(ProcessingActivity))
    section.figures = [
        Figure("Check findings", len(findings), reverse("admin:legal_basis_findings"), "alert" if findings else "ok"),
        Figure(
            f"Reviews due within {REVIEW_HORIZON_DAYS} days",
            due_for_review,
            _changelist(ProcessingActivity, review_due=str(REVIEW_HORIZON_DAYS)),
            "warn" if due_for_review else "ok",
        ),
    ]
    section.rows = [
        (
            finding.object_name,
            finding.message,
            reverse("admin:legal_basis_processingactivity_change", args=[finding.object_id]),
        )
        for finding in findings[:10]
    ]
    section.tone = "alert" if findings else ("warn" if due_for_review else "ok")
    return section


def gdpr_page_section(user) -> Section:
    """Whether the public GDPR page still says what the registers say (a fixed number of queries, no rendering)."""
    from gdpr_page.models import PageVersion
    from gdpr_page.services import page_state

    state = page_state()
    section = Section("Public GDPR page", url=_changelist(PageVersion))
    if state.published is None:
        section.note = "Never published: /gdpr/ says so until the data protection contact publishes it."
        section.tone = "alert"
    elif state.out_of_date:
        section.note = (
            f"Out of date: the registers changed since version {state.published.number} "
            f"({timezone.localdate(state.published.published_at):%d %b %Y}). Republish it."
        )
        section.tone = "warn"
    else:
        section.note = f"Up to date: version {state.published.number} matches the registers."
    if user.has_perm("gdpr_page.publish_pageversion"):
        section.rows = [
            ("Publish a new version", "review the changes, then publish", reverse("admin:gdpr_page_publish"))
        ]
    return section


def dashboard_for(user, *, now: dt.datetime | None = None) -> list[Section]:
    """Return the dashboard sections `user` may see."""
    now = now or timezone.now()
    today = brussels_today()
    sections = []
    if _can_view(user, RightsRequest):
        sections.append(requests_section(today))
    if _can_view(user, PurgeRun):
        sections.append(purge_section(now))
    if _can_view(user, SubprocessorChange):
        sections.append(subprocessors_section(today))
    if _can_view(user, CustomerDPA):
        sections.append(customer_dpas_section(today))
    if _can_view(user, ProcessingActivity):
        sections.append(register_section(today))
    from breaches.dashboard import breaches_section  # imported here: it builds on this module's Section
    from breaches.models import Incident

    if _can_view(user, Incident):
        sections.append(breaches_section(now))
    from gdpr_page.models import PageVersion

    if _can_view(user, PageVersion):
        sections.append(gdpr_page_section(user))
    from mail_intake.dashboard import mailbox_section
    from mail_intake.models import InboundMessage

    if _can_view(user, InboundMessage):
        sections.append(mailbox_section(now))
    return sections

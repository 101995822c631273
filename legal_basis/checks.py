"""Cross-register checks: the register against itself, the sub-processors and the retention schedule.

`all_findings()` adds the checks of the other registers: customers without a DPA, sub-processors whose
transfer tools are incomplete, and AI or transcription sub-processors without a no-training commitment.

Each rule looks at one activity and yields problems. `register_findings()` runs every rule over the
activities in force (in review or approved) with a fixed number of queries, whatever the register's
size; `activity_findings()` runs the rules that block approval on one activity as if it were approved.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from retention.models import CAMPAIGN_CATEGORIES, RetentionPolicy
from subprocessors.models import Subprocessor
from subprocessors.selectors import customers_without_dpa
from subprocessors.transfers import no_training_gaps, transfer_tool_gaps

from .models import ActivityLegalBasis, LegalBasis, PersonalDataCategory, ProcessingActivity

Status = ProcessingActivity.Status
IN_FORCE = frozenset({Status.IN_REVIEW, Status.APPROVED})
APPROVED_ONLY = frozenset({Status.APPROVED})
# The sub-processor columns the rules read; loading only these keeps the checks fast on a large register.
SUBPROCESSOR_FIELDS = (
    "public_name",
    "service",
    "status",
    "dpa_signed_on",
    "locations",
    "remote_access_locations",
    "transfer_safeguard",
)


@dataclass(frozen=True)
class Finding:
    """One failed check: the rule, the activity it concerns, what is wrong, and the record at fault."""

    rule: str
    object_type: str
    object_id: int
    object_name: str
    message: str
    related_type: str = ""
    related_id: int | None = None
    related_name: str = ""

    def as_dict(self) -> dict:
        data = asdict(self)
        return {
            "rule": data["rule"],
            "object": {"type": self.object_type, "id": self.object_id, "name": self.object_name},
            "related": (
                {"type": self.related_type, "id": self.related_id, "name": self.related_name}
                if self.related_type
                else None
            ),
            "message": self.message,
        }


@dataclass(frozen=True)
class CheckContext:
    """What every rule may read besides the activity: today's date and the retention schedule."""

    today: dt.date
    categories_with_policy: frozenset[str]


# A rule yields (message, related record or None) for each problem it finds on one activity.
Problem = tuple[str, object | None]
RuleCheck = Callable[[ProcessingActivity, CheckContext], Iterator[Problem]]


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    statuses: frozenset[str]
    blocks_approval: bool
    check: RuleCheck


def _bases(activity: ProcessingActivity) -> set[str]:
    return {row.basis for row in activity.legal_bases.all()}


def _without_legal_basis(activity, ctx) -> Iterator[Problem]:
    if activity.role == ProcessingActivity.Role.CONTROLLER and not _bases(activity):
        yield "has no Art. 6(1) legal basis.", None


def _legitimate_interests_without_assessment(activity, ctx) -> Iterator[Problem]:
    if LegalBasis.LEGITIMATE_INTERESTS in _bases(activity) and not activity.legitimate_interests_assessment.strip():
        yield "relies on legitimate interests (Art. 6(1)(f)) without a legitimate-interests assessment.", None


def _consent_without_mechanism(activity, ctx) -> Iterator[Problem]:
    if LegalBasis.CONSENT in _bases(activity) and not activity.consent_mechanism.strip():
        yield "relies on consent (Art. 6(1)(a)) without saying how consent is collected and withdrawn.", None


def _special_categories_without_condition(activity, ctx) -> Iterator[Problem]:
    # For processor activities the Art. 9(2) condition is the controller's (the customer's) to document.
    if activity.role != ProcessingActivity.Role.CONTROLLER or activity.art9_condition:
        return
    special = [c for c in activity.personal_data_categories.all() if c.is_special_category]
    if activity.special_categories or special:
        names = ", ".join(c.name for c in special) or "flagged on the activity"
        yield f"processes special categories of data ({names}) without an Art. 9(2) condition.", None


def _processor_without_controller(activity, ctx) -> Iterator[Problem]:
    if activity.is_processor and not activity.all_customers and not activity.has_customers:
        yield "is processing for customers but names no customer (controller) it is done for.", None


def _record_incomplete(activity, ctx) -> Iterator[Problem]:
    missing = [
        label
        for label, present in (
            ("categories of data subjects", activity.has_subject_categories),
            ("categories of personal data", bool(activity.personal_data_categories.all())),
            ("security measures", activity.has_security_measures),
        )
        if not present
    ]
    if missing:
        yield f"has no {', no '.join(missing)} in its Art. 30 record.", None


def _subprocessor_not_usable(activity, ctx) -> Iterator[Problem]:
    for subprocessor in activity.subprocessors.all():
        if not subprocessor.is_active:
            status = subprocessor.get_status_display().lower()
            yield f"uses sub-processor {subprocessor.public_name}, which is not active ({status}).", subprocessor
        if not subprocessor.has_dpa:
            yield f"uses sub-processor {subprocessor.public_name}, which has no signed DPA.", subprocessor


def _transfer_without_safeguard(activity, ctx) -> Iterator[Problem]:
    for subprocessor in activity.subprocessors.all():
        if subprocessor.requires_transfer_safeguard and not subprocessor.transfer_safeguard:
            countries = ", ".join(subprocessor.third_country_locations)
            yield (
                f"transfers data outside the EEA ({countries}) through {subprocessor.public_name} "
                "without a transfer safeguard.",
                subprocessor,
            )


def _data_category_without_retention(activity, ctx) -> Iterator[Problem]:
    for category in activity.personal_data_categories.all():
        if not category.retention_category:
            yield f"uses data category {category.name}, which maps to no retention category.", category
        elif category.retention_category not in ctx.categories_with_policy:
            label = category.get_retention_category_display()
            yield f"uses data category {category.name}, whose retention category {label} has no policy.", category


def _customer_data_for_own_purpose(activity, ctx) -> Iterator[Problem]:
    # As processor we use customers' data for no purpose of our own, AI training included (Art. 28(10)).
    if not activity.own_purpose:
        return
    customers = [c for c in activity.personal_data_categories.all() if c.retention_category in CAMPAIGN_CATEGORIES]
    if activity.is_processor or customers:
        what = ", ".join(c.name for c in customers) or "customers' campaign data"
        purpose = activity.get_own_purpose_display().lower()
        yield f"uses customers' data ({what}) for a purpose of CallNex's own ({purpose}).", None


def _review_overdue(activity, ctx) -> Iterator[Problem]:
    if activity.next_review_on and activity.next_review_on < ctx.today:
        yield f"was due for review on {activity.next_review_on:%d %B %Y}.", None


RULES: tuple[Rule, ...] = (
    Rule("approved_without_legal_basis", "Approved activity without a legal basis", APPROVED_ONLY, True,
         _without_legal_basis),
    Rule("legitimate_interests_without_assessment", "Basis (f) without an assessment", IN_FORCE, True,
         _legitimate_interests_without_assessment),
    Rule("consent_without_mechanism", "Basis (a) without a consent mechanism", IN_FORCE, True,
         _consent_without_mechanism),
    Rule("special_categories_without_condition", "Special categories without an Art. 9 condition", IN_FORCE, True,
         _special_categories_without_condition),
    Rule("processor_without_controller", "Processor activity without a controller", IN_FORCE, True,
         _processor_without_controller),
    Rule("record_incomplete", "Art. 30 record incomplete", IN_FORCE, True, _record_incomplete),
    Rule("subprocessor_not_usable", "Sub-processor not active or without a DPA", IN_FORCE, True,
         _subprocessor_not_usable),
    Rule("transfer_without_safeguard", "Non-EEA sub-processor without a transfer safeguard", IN_FORCE, True,
         _transfer_without_safeguard),
    Rule("data_category_without_retention", "Data category without a retention policy", IN_FORCE, True,
         _data_category_without_retention),
    Rule("customer_data_for_own_purpose", "Customers' data used for a purpose of CallNex's own", IN_FORCE, True,
         _customer_data_for_own_purpose),
    Rule("review_overdue", "Review overdue", APPROVED_ONLY, False, _review_overdue),
)  # fmt: skip
RULES_BY_CODE = {rule.code: rule for rule in RULES}


def _through_exists(field: str) -> Exists:
    through = getattr(ProcessingActivity, field).through
    return Exists(through.objects.filter(processingactivity_id=OuterRef("pk")))


def checked_activities() -> QuerySet[ProcessingActivity]:
    """Return activities loaded with everything the rules read, in a fixed number of queries."""
    return (
        ProcessingActivity.objects.annotate(
            has_customers=_through_exists("customers"),
            has_subject_categories=_through_exists("data_subject_categories"),
            has_security_measures=_through_exists("security_measures"),
        )
        .prefetch_related(
            Prefetch("legal_bases", queryset=ActivityLegalBasis.objects.only("id", "activity_id", "basis")),
            Prefetch(
                "personal_data_categories",
                queryset=PersonalDataCategory.objects.only("name", "is_special_category", "retention_category"),
            ),
            Prefetch("subprocessors", queryset=Subprocessor.objects.only(*SUBPROCESSOR_FIELDS).order_by("public_name")),
        )
        .order_by("name")
    )


def check_context(*, today: dt.date | None = None) -> CheckContext:
    """Return the context the rules read, in one query."""
    return CheckContext(
        today=today or timezone.localdate(),
        categories_with_policy=frozenset(RetentionPolicy.objects.values_list("category", flat=True)),
    )


def _run(rule: Rule, activity: ProcessingActivity, ctx: CheckContext) -> Iterator[Finding]:
    for message, related in rule.check(activity, ctx):
        yield Finding(
            rule=rule.code,
            object_type="processing_activity",
            object_id=activity.pk,
            object_name=activity.name,
            message=f"{activity.name} {message}",
            related_type=related._meta.label_lower if related is not None else "",
            related_id=related.pk if related is not None else None,
            related_name=str(related) if related is not None else "",
        )


def register_findings(*, today: dt.date | None = None) -> list[Finding]:
    """Return every finding over the activities in force, in a fixed number of queries (five)."""
    ctx = check_context(today=today)
    activities = checked_activities().filter(status__in=IN_FORCE)
    return [
        finding
        for activity in activities
        for rule in RULES
        if activity.status in rule.statuses
        for finding in _run(rule, activity, ctx)
    ]


def activity_findings(activity: ProcessingActivity, *, today: dt.date | None = None) -> list[Finding]:
    """Return the findings that block approving `activity`, evaluated as if it were approved."""
    ctx = check_context(today=today)
    loaded = checked_activities().get(pk=activity.pk)
    return [finding for rule in RULES if rule.blocks_approval for finding in _run(rule, loaded, ctx)]


def _finding(rule: str, obj, message: str) -> Finding:
    return Finding(rule=rule, object_type=obj._meta.model_name, object_id=obj.pk, object_name=str(obj), message=message)


def dpa_findings() -> list[Finding]:
    """Return a finding per customer holding campaign data without a DPA (one query)."""
    return [
        _finding("customer_without_dpa", customer, f"{customer.name} holds campaign data but is bound by no DPA.")
        for customer in customers_without_dpa().only("pk", "name")
    ]


def transfer_findings() -> list[Finding]:
    """Return a finding per gap in the transfer tools of the announced and active sub-processors (one query)."""
    listed = Subprocessor.objects.filter(status__in=[Subprocessor.Status.ANNOUNCED, Subprocessor.Status.ACTIVE])
    return [
        _finding("transfer_tool_incomplete", subprocessor, f"{subprocessor.public_name}: {gap}.")
        for subprocessor in listed.order_by("public_name")
        for gap in transfer_tool_gaps(subprocessor)
    ]


def no_training_findings() -> list[Finding]:
    """Return a finding per AI or transcription sub-processor, not retired, without a no-training commitment."""
    candidates = Subprocessor.objects.filter(uses_ai=True).exclude(status=Subprocessor.Status.RETIRED)
    return [
        _finding("ai_subprocessor_without_no_training", subprocessor, f"{subprocessor.public_name}: {gap}.")
        for subprocessor in candidates.order_by("public_name")
        for gap in no_training_gaps(subprocessor)
    ]


def customer_data_own_purpose_activities() -> QuerySet[ProcessingActivity]:
    """Return the activities in force that use customers' data for a purpose of CallNex's own."""
    customers_data = Q(role=ProcessingActivity.Role.PROCESSOR) | Q(
        personal_data_categories__retention_category__in=CAMPAIGN_CATEGORIES
    )
    return ProcessingActivity.objects.filter(status__in=IN_FORCE).exclude(own_purpose="").filter(customers_data)


def all_findings(*, today: dt.date | None = None) -> list[Finding]:
    """Return the register's findings, then the customers' DPA and the sub-processors' transfer findings."""
    return register_findings(today=today) + dpa_findings() + transfer_findings() + no_training_findings()

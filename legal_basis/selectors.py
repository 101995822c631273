"""Reads of the register, including the values derived from the other registers.

Transfers come from the linked sub-processors' locations and safeguards; retention comes from the
retention policies of the linked data categories; controllers come from the linked customers. Nothing
here is typed twice, so the register cannot drift from the sub-processor list or the schedule.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django_countries import countries

from callnex_compliance.platform_data.models import Customer
from retention.models import RetentionPolicy
from subprocessors.models import Subprocessor

from .models import ActivityLegalBasis, PersonalDataCategory, ProcessingActivity


@dataclass(frozen=True)
class Transfer:
    """A transfer of an activity's data outside the EEA, through one sub-processor."""

    subprocessor: str
    countries: tuple[str, ...]
    safeguard: str
    reference: str

    def __str__(self) -> str:
        where = ", ".join(self.countries)
        safeguard = f"{self.safeguard} ({self.reference})" if self.safeguard else "NO SAFEGUARD"
        return f"{self.subprocessor} — {where} — {safeguard}"


@dataclass(frozen=True)
class RetentionEntry:
    """How long one data category of an activity is kept, from the retention schedule."""

    data_category: str
    period: str

    def __str__(self) -> str:
        return f"{self.data_category}: {self.period}"


def with_record_details(activities: QuerySet[ProcessingActivity]) -> QuerySet[ProcessingActivity]:
    """Return `activities` with everything a record shows loaded, in a fixed number of queries."""
    return activities.select_related("owner", "approved_by", "screening", "dpia").prefetch_related(
        Prefetch("legal_bases", queryset=ActivityLegalBasis.objects.order_by("basis")),
        "data_subject_categories",
        Prefetch("personal_data_categories", queryset=PersonalDataCategory.objects.order_by("name")),
        "recipient_categories",
        Prefetch("subprocessors", queryset=Subprocessor.objects.order_by("public_name")),
        "security_measures",
        Prefetch("customers", queryset=Customer.objects.order_by("name")),
    )


def in_force(activities: QuerySet[ProcessingActivity]) -> QuerySet[ProcessingActivity]:
    """Return the activities in force: approved once and not retired, including those under periodic review."""
    return activities.filter(approved_at__isnull=False).exclude(status=ProcessingActivity.Status.RETIRED)


def record_activities(*, role: str | None = None, ids=None) -> QuerySet[ProcessingActivity]:
    """Return the activities in force (or the ones with `ids`, whatever their status) of a record.

    An approved activity stays in the record while it is under review: it is still carried out.
    """
    if ids is None:
        activities = in_force(ProcessingActivity.objects.all())
    else:
        activities = ProcessingActivity.objects.filter(pk__in=ids)
    if role:
        activities = activities.filter(role=role)
    return with_record_details(activities)


def country_names(codes) -> tuple[str, ...]:
    """Return the English names of ISO country codes, e.g. ("United States of America",)."""
    return tuple(countries.name(str(code)) or str(code) for code in codes)


def transfers_of(activity: ProcessingActivity) -> list[Transfer]:
    """Return the third-country transfers of `activity`, derived from its (prefetched) sub-processors."""
    return [
        Transfer(
            subprocessor=f"{subprocessor.public_name} ({subprocessor.legal_name})",
            countries=country_names(subprocessor.third_country_locations),
            safeguard=subprocessor.get_transfer_safeguard_display() if subprocessor.transfer_safeguard else "",
            reference=subprocessor.safeguard_reference,
        )
        for subprocessor in activity.subprocessors.all()
        if subprocessor.requires_transfer_safeguard
    ]


def retention_policies() -> dict[str, RetentionPolicy]:
    """Return the retention policies by data category, in one query."""
    return {policy.category: policy for policy in RetentionPolicy.objects.all()}


def retention_of(activity: ProcessingActivity, policies: dict[str, RetentionPolicy]) -> list[RetentionEntry]:
    """Return how long each (prefetched) data category of `activity` is kept, per the retention schedule."""
    entries = []
    for category in activity.personal_data_categories.all():
        policy = policies.get(category.retention_category)
        if policy is None:
            period = "no retention policy"
        else:
            period = f"{policy.period_display} from {policy.get_anchor_display().lower()}"
        entries.append(RetentionEntry(data_category=category.name, period=period))
    return entries


def current_customers(*, today: dt.date | None = None) -> list[Customer]:
    """Return the customers whose contract has not ended, by name."""
    today = today or timezone.localdate()
    return list(Customer.objects.filter(Q(contract_ended_on__isnull=True) | Q(contract_ended_on__gte=today)))


def controllers_of(activity: ProcessingActivity, current: list[Customer]) -> list[Customer]:
    """Return the customers (controllers) a processor activity is done for."""
    if activity.all_customers:
        return current
    return list(activity.customers.all())

"""Reads of the retention schedule, overrides, holds and purge runs."""

from django.db.models import QuerySet

from .models import CampaignRetentionOverride, DataCategory, LegalHold, PurgeRun, RetentionPolicy
from .purge.holds import HeldSet


def policy_for(category: str) -> RetentionPolicy | None:
    """Return the retention policy of a data category, or None when none is configured."""
    return RetentionPolicy.objects.filter(category=DataCategory(category)).first()


def overrides_of_customer(*, customer_id: int) -> QuerySet[CampaignRetentionOverride]:
    """Return the shorter windows set on the customer's campaigns."""
    overrides = CampaignRetentionOverride.objects.filter(campaign__customer_id=customer_id)
    return overrides.order_by("campaign_id", "category")


def active_holds() -> QuerySet[LegalHold]:
    """Return the holds not yet released."""
    return LegalHold.objects.filter(released_at__isnull=True)


def held_platform_rows() -> HeldSet:
    """Return what the active legal holds cover, with conditions to exclude held calls and contacts."""
    return HeldSet.load()


def purge_last_success() -> PurgeRun | None:
    """Return the most recent purge run that succeeded, if any."""
    return (
        PurgeRun.objects.filter(status=PurgeRun.Status.SUCCEEDED, ended_at__isnull=False).order_by("-ended_at").first()
    )

"""Writes of the Retention app: campaign overrides, legal holds, the purge and its health check."""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecord, Campaign, Contact, Customer
from rights_requests.models import RightsRequest

from . import notifications, selectors
from .models import CampaignRetentionOverride, HoldScope, LegalHold, PurgeRun
from .purge import runner
from .purge.context import DEFAULT_BATCH_SIZE, Preview
from .purge.lock import PurgeAlreadyRunning

__all__ = ["PurgeAlreadyRunning"]

HEALTHY_WITHIN = dt.timedelta(hours=26)
HOLD_TARGETS = {
    HoldScope.CUSTOMER: Customer,
    HoldScope.CAMPAIGN: Campaign,
    HoldScope.CONTACT: Contact,
    HoldScope.CALL: CallRecord,
    HoldScope.RIGHTS_REQUEST: RightsRequest,
}


@transaction.atomic
def retention_override_set(
    *, campaign: Campaign, category: str, days: int, requested_by: str, user: AbstractBaseUser | None = None
) -> CampaignRetentionOverride:
    """Set a campaign's shorter window for a category; raise ValidationError when it is not shorter."""
    override = CampaignRetentionOverride.objects.filter(campaign=campaign, category=category).first()
    override = override or CampaignRetentionOverride(campaign=campaign, category=category)
    override.days = days
    override.requested_by = requested_by
    override.full_clean()
    override._change_reason = f"Requested by {requested_by}"
    if user is not None:
        override._history_user = user
    override.save()
    return override


@transaction.atomic
def retention_override_clear(
    *, campaign: Campaign, category: str, requested_by: str, user: AbstractBaseUser | None = None
) -> bool:
    """Remove a campaign's window for a category (the platform period applies again); return if one existed."""
    override = CampaignRetentionOverride.objects.filter(campaign=campaign, category=category).first()
    if override is None:
        return False
    override.requested_by = requested_by  # the deletion's history row records who asked
    override._change_reason = f"Removed at the request of {requested_by}"
    if user is not None:
        override._history_user = user
    override.delete()
    return True


def legal_hold_place(
    *, scope: str, target_id: int, reason: str, reference: str, placed_by: AbstractBaseUser | None
) -> LegalHold:
    """Place a hold on a customer, campaign, contact, call or rights-request file; the next purge respects it."""
    scope = HoldScope(scope)
    target = HOLD_TARGETS[scope].objects.get(pk=target_id)
    hold = LegalHold(scope=scope, reason=reason, reference=reference, placed_by=placed_by, placed_at=timezone.now())
    setattr(hold, scope.value, target)
    hold.full_clean()
    hold.save()
    return hold


def legal_hold_release(*, hold: LegalHold, released_by: AbstractBaseUser | None) -> LegalHold:
    """Release a hold: what it covered is purged by the next run once expired. Releasing twice is a no-op."""
    if hold.released_at is None:
        hold.released_at = timezone.now()
        hold.released_by = released_by
        hold.save(update_fields=["released_at", "released_by"])
    return hold


def purge_run(
    *,
    trigger: str = PurgeRun.Trigger.COMMAND,
    category: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    batch_pause: float = 0.0,
) -> PurgeRun:
    """Purge every expired, unheld row now; email the data protection contact when the run fails.

    Raises PurgeAlreadyRunning when another purge holds the lock.
    """
    options = runner.RunOptions(trigger=trigger, category=category, batch_size=batch_size, batch_pause=batch_pause)
    run = runner.execute(options)
    if run.status == PurgeRun.Status.FAILED:
        notifications.purge_failure_notify(run=run)
    return run


def purge_preview(*, category: str | None = None) -> dict[str, Preview]:
    """Return per category and customer what a purge would remove now, changing nothing."""
    return runner.preview(category=category)


def purge_health_check(*, now: dt.datetime | None = None) -> bool:
    """Email the data protection contact unless a purge succeeded in the last 26 hours; return healthy."""
    now = now or timezone.now()
    last = selectors.purge_last_success()
    if last is not None and last.ended_at >= now - HEALTHY_WITHIN:
        return True
    notifications.purge_overdue_notify(last_success=last, hours=int(HEALTHY_WITHIN.total_seconds() // 3600))
    return False

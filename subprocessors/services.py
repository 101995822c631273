"""Writes of the sub-processor register: the lifecycle, notices with proof, subscriptions and objections.

Lifecycle: proposed → announced (a dated change, notice emailed to confirmed subscribers) → active on
its effective date (the scheduled task, never earlier) → retired. The notice period comes from the
OrganisationProfile, never from code.
"""

import datetime as dt
import logging
import uuid

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django_q.tasks import async_task

from callnex_compliance.display import human_time
from callnex_compliance.languages import Language, language_of
from callnex_compliance.platform_data.models import Customer, OrganisationProfile
from callnex_compliance.platform_data.normalise import normalise_email

from . import emails, tokens
from .models import CustomerExclusion, NoticeDelivery, Objection, Subprocessor, SubprocessorChange, Subscription
from .selectors import public_stamp_forget

logger = logging.getLogger(__name__)

MAX_DELIVERY_ATTEMPTS = 5
# A second confirmation mail to the same address within this time is not sent (mail-bombing guard).
CONFIRMATION_RESEND_AFTER = dt.timedelta(minutes=10)
# A pending delivery older than this was claimed by a worker that died; the retry task takes it over.
STALE_PENDING_AFTER = dt.timedelta(hours=1)


# --- Notice period ----------------------------------------------------------------------------------


def earliest_effective_date(*, announced_at: dt.datetime, notice_days: int) -> dt.date:
    """Return the first date whose start (local time) is at least `notice_days` after `announced_at`."""
    deadline = timezone.localtime(announced_at) + dt.timedelta(days=notice_days)
    midnight = deadline.replace(hour=0, minute=0, second=0, microsecond=0)
    return deadline.date() if deadline == midnight else deadline.date() + dt.timedelta(days=1)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _check_notice(*, effective_from: dt.date | None, announced_at: dt.datetime) -> None:
    notice_days = OrganisationProfile.get_solo().subprocessor_notice_days
    earliest = earliest_effective_date(announced_at=announced_at, notice_days=notice_days)
    if effective_from is None or effective_from < earliest:
        raise ValidationError(
            {
                "effective_from": f"Customers must be told at least {notice_days} days before use: "
                f"the earliest effective date for an announcement now is {earliest:%d %B %Y}."
            },
            code="notice_too_short",
        )


def _check_period_from_dispatch(change: SubprocessorChange, *, now: dt.datetime) -> None:
    """Refuse a change whose notice period, counted from the customers' notices, has not run."""
    notice_days = OrganisationProfile.get_solo().subprocessor_notice_days
    if change.dispatched_at is None:
        raise ValidationError(
            "The notices of this change have not gone out to the customers yet: its notice period has not started.",
            code="not_dispatched",
        )
    runs_out = change.dispatched_at + dt.timedelta(days=notice_days)
    if now < runs_out:
        raise ValidationError(
            f"The {notice_days}-day notice period counts from the notices sent to the customers on "
            f"{human_time(change.dispatched_at)}; it runs until {human_time(runs_out)}.",
            code="too_early",
        )


# --- Lifecycle --------------------------------------------------------------------------------------


def _record_change(*, subprocessor: Subprocessor, now: dt.datetime, **fields) -> SubprocessorChange:
    change = SubprocessorChange(subprocessor=subprocessor, announced_at=now, **fields)
    change.validate_constraints()
    change.notice_subject, change.notice_text = emails.render_notice(
        change=change, organisation=OrganisationProfile.get_solo()
    )
    change.save()
    # The notices go out only once the change is committed, so a rollback sends nothing.
    transaction.on_commit(lambda: async_task("subprocessors.tasks.send_change_notices", change.pk))
    return change


@transaction.atomic
def subprocessor_announce(
    *,
    subprocessor: Subprocessor,
    effective_from: dt.date | None = None,
    summary: str = "",
    now: dt.datetime | None = None,
) -> SubprocessorChange:
    """Announce a proposed sub-processor: public as upcoming, notice queued to every confirmed subscriber.

    Raise ValidationError when the effective date leaves less than the notice period, or when the
    record is incomplete (e.g. a location outside the EEA without a transfer safeguard).
    """
    now = now or timezone.now()
    subprocessor = Subprocessor.objects.select_for_update().get(pk=subprocessor.pk)
    if subprocessor.status != Subprocessor.Status.PROPOSED:
        raise ValidationError(f"Only a proposed sub-processor can be announced; this one is {subprocessor.status}.")
    effective_from = effective_from or subprocessor.effective_from
    _check_notice(effective_from=effective_from, announced_at=now)
    subprocessor.status = Subprocessor.Status.ANNOUNCED
    subprocessor.announced_at = now
    subprocessor.effective_from = effective_from
    subprocessor.full_clean()
    subprocessor.save()
    summary = summary or f"{subprocessor.legal_name} is added as a sub-processor for {subprocessor.service}."
    return _record_change(
        subprocessor=subprocessor,
        now=now,
        kind=SubprocessorChange.Kind.ADDITION,
        summary=summary,
        new_locations=subprocessor.locations,
        effective_from=effective_from,
    )


@transaction.atomic
def subprocessor_announce_location_change(
    *,
    subprocessor: Subprocessor,
    locations: list[str],
    effective_from: dt.date,
    summary: str = "",
    now: dt.datetime | None = None,
) -> SubprocessorChange:
    """Announce that an active sub-processor will process data in other countries from `effective_from`."""
    now = now or timezone.now()
    subprocessor = Subprocessor.objects.select_for_update().get(pk=subprocessor.pk)
    if not subprocessor.is_active:
        raise ValidationError("Only an active sub-processor's locations can change; edit a proposed one directly.")
    _check_notice(effective_from=effective_from, announced_at=now)
    previous = list(subprocessor.locations)
    subprocessor.locations = locations
    # Validate the future state: new locations outside the EEA need a safeguard recorded first.
    subprocessor.full_clean()
    summary = summary or (
        f"{subprocessor.public_name} processes data in {', '.join(c.name for c in subprocessor.locations)} "
        "from the effective date."
    )
    return _record_change(
        subprocessor=subprocessor,
        now=now,
        kind=SubprocessorChange.Kind.LOCATION_CHANGE,
        summary=summary,
        previous_locations=previous,
        new_locations=locations,
        effective_from=effective_from,
    )


def _apply(change: SubprocessorChange, *, now: dt.datetime) -> bool:
    """Apply a pending change once: the conditional update makes two workers never both apply it."""
    pending = SubprocessorChange.objects.filter(pk=change.pk, applied_at=None, withdrawn_at=None)
    # updated_at is set by hand: update() skips auto_now, and the public page's ETag reads it.
    if not pending.update(applied_at=now, updated_at=now):
        return False
    public_stamp_forget()  # update() sends no signal
    subprocessor = change.subprocessor
    if change.kind == SubprocessorChange.Kind.ADDITION:
        subprocessor.status = Subprocessor.Status.ACTIVE
        subprocessor.activated_at = now
    elif change.kind == SubprocessorChange.Kind.LOCATION_CHANGE:
        subprocessor.locations = change.new_locations
    subprocessor.save()
    _exclude_objecting_customers(change, now=now)
    return True


def _exclude_objecting_customers(change: SubprocessorChange, *, now: dt.datetime) -> None:
    """Keep the sub-processor away from the data of every customer whose objection is still open."""
    for objection in change.objections.filter(status=Objection.Status.OPEN, customer__isnull=False):
        CustomerExclusion.objects.get_or_create(
            subprocessor_id=change.subprocessor_id,
            customer_id=objection.customer_id,
            ended_at=None,
            defaults={"objection": objection, "reason": CustomerExclusion.Reason.OPEN_OBJECTION, "created_at": now},
        )


@transaction.atomic
def subprocessor_activate(*, subprocessor: Subprocessor, now: dt.datetime | None = None) -> Subprocessor:
    """Activate an announced sub-processor whose effective date has come; refuse it any earlier."""
    now = now or timezone.now()
    subprocessor = Subprocessor.objects.select_for_update().get(pk=subprocessor.pk)
    if subprocessor.status != Subprocessor.Status.ANNOUNCED:
        raise ValidationError(f"Only an announced sub-processor can be activated; this one is {subprocessor.status}.")
    if now < _start_of(subprocessor.effective_from):
        raise ValidationError(
            f"{subprocessor.public_name} cannot be used before {subprocessor.effective_from:%d %B %Y}: "
            "customers were promised that date in the notice and may object until then.",
            code="too_early",
        )
    change = subprocessor.changes.get(kind=SubprocessorChange.Kind.ADDITION, applied_at=None, withdrawn_at=None)
    _check_period_from_dispatch(change, now=now)
    change.subprocessor = subprocessor
    _apply(change, now=now)
    return subprocessor


def changes_apply_due(*, now: dt.datetime | None = None) -> int:
    """Apply every pending change whose effective date has come and whose notice period (from dispatch) ran.

    Return how many were applied.
    """
    now = now or timezone.now()
    notice = dt.timedelta(days=OrganisationProfile.get_solo().subprocessor_notice_days)
    due = SubprocessorChange.objects.filter(
        applied_at=None, withdrawn_at=None, effective_from__lte=timezone.localdate(now), dispatched_at__lte=now - notice
    ).select_related("subprocessor")
    applied = 0
    for change in due:
        with transaction.atomic():
            applied += _apply(change, now=now)
    return applied


@transaction.atomic
def change_withdraw(*, change: SubprocessorChange, now: dt.datetime | None = None) -> SubprocessorChange:
    """Withdraw a pending announcement (e.g. after objections); an addition goes back to proposed."""
    now = now or timezone.now()
    pending = SubprocessorChange.objects.filter(pk=change.pk, applied_at=None, withdrawn_at=None)
    if not pending.update(withdrawn_at=now, updated_at=now):
        raise ValidationError("Only a change that has not taken effect can be withdrawn.")
    public_stamp_forget()  # update() sends no signal
    if change.kind == SubprocessorChange.Kind.ADDITION:
        Subprocessor.objects.filter(pk=change.subprocessor_id).update(
            status=Subprocessor.Status.PROPOSED, announced_at=None, updated_at=now
        )
    change.refresh_from_db()
    return change


@transaction.atomic
def subprocessor_retire(*, subprocessor: Subprocessor, summary: str = "", now: dt.datetime | None = None):
    """Stop using a sub-processor now; the change log and subscribers are told."""
    now = now or timezone.now()
    subprocessor = Subprocessor.objects.select_for_update().get(pk=subprocessor.pk)
    if subprocessor.status != Subprocessor.Status.ACTIVE:
        raise ValidationError(f"Only an active sub-processor can be retired; this one is {subprocessor.status}.")
    subprocessor.status = Subprocessor.Status.RETIRED
    subprocessor.retired_at = now
    subprocessor.save()
    change = _record_change(
        subprocessor=subprocessor,
        now=now,
        kind=SubprocessorChange.Kind.RETIREMENT,
        summary=summary or f"We no longer use {subprocessor.legal_name} ({subprocessor.service}).",
        previous_locations=subprocessor.locations,
        effective_from=timezone.localdate(now),
        applied_at=now,
    )
    return change


# --- Notices and proof ------------------------------------------------------------------------------

NOTICE_BATCH_SIZE = 500


def _notice_customers():
    """Return the customers under contract today: each is told at its contractual notice address."""
    today = timezone.localdate()
    return Customer.objects.filter(Q(contract_ended_on__isnull=True) | Q(contract_ended_on__gte=today))


def _create_deliveries(change: SubprocessorChange) -> None:
    """Record one delivery per customer under contract and per receiving subscriber (idempotent, batched)."""
    subscribers = Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at=None)
    rows = (
        NoticeDelivery(change=change, subscription_id=pk, recipient=email)
        for pk, email in subscribers.values_list("pk", "email").iterator(chunk_size=NOTICE_BATCH_SIZE)
    )
    NoticeDelivery.objects.bulk_create(rows, batch_size=NOTICE_BATCH_SIZE, ignore_conflicts=True)
    customers = _notice_customers().values_list("pk", "contact_email")
    rows = (
        NoticeDelivery(change=change, customer_id=pk, recipient=email)
        for pk, email in customers.iterator(chunk_size=NOTICE_BATCH_SIZE)
    )
    NoticeDelivery.objects.bulk_create(rows, batch_size=NOTICE_BATCH_SIZE, ignore_conflicts=True)


def notices_send(*, change_id: int, now: dt.datetime | None = None) -> dict[str, int]:
    """Notify every customer under contract and every receiving subscriber of a change, once each.

    Customers come first: the notice period runs from their dispatch (`dispatched_at`). Return counts
    {"sent": n, "failed": n}. Safe to run twice: sent rows are never sent again.
    """
    now = now or timezone.now()
    change = SubprocessorChange.objects.select_related("subprocessor").get(pk=change_id)
    _create_deliveries(change)
    unsent = change.deliveries.filter(attempts__lt=MAX_DELIVERY_ATTEMPTS).exclude(status=NoticeDelivery.Status.SENT)
    counts = _deliver(change, unsent.filter(customer__isnull=False), now=now)
    # The period starts once every customer's notice went out (or was tried): a bounce is chased, not waited for.
    SubprocessorChange.objects.filter(pk=change.pk, dispatched_at=None).update(dispatched_at=now)
    more = _deliver(change, unsent.filter(subscription__isnull=False), now=now)
    return {key: counts[key] + more[key] for key in counts}


def notices_retry_failed(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Send again the failed deliveries (and those a dead worker left claimed) with attempts left."""
    now = now or timezone.now()
    totals = {"sent": 0, "failed": 0}
    due = NoticeDelivery.objects.filter(_retryable(now), attempts__lt=MAX_DELIVERY_ATTEMPTS)
    for change in SubprocessorChange.objects.filter(pk__in=due.values("change_id")).select_related("subprocessor"):
        counts = _deliver(change, due.filter(change=change), now=now)
        totals = {key: totals[key] + counts[key] for key in totals}
    return totals


def _retryable(now: dt.datetime) -> Q:
    stale = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_PENDING_AFTER)
    return Q(status=NoticeDelivery.Status.FAILED) | (Q(status=NoticeDelivery.Status.PENDING) & stale)


def _deliver(change: SubprocessorChange, deliveries, *, now: dt.datetime) -> dict[str, int]:
    """Send `deliveries` in batches: per batch one claim, one read, one write, whatever its size."""
    organisation = OrganisationProfile.get_solo()
    counts = {"sent": 0, "failed": 0}
    ids = list(deliveries.filter(_retryable(now)).order_by("pk").values_list("pk", flat=True))
    connection = get_connection()
    for start in range(0, len(ids), NOTICE_BATCH_SIZE):
        batch = _claim(ids[start : start + NOTICE_BATCH_SIZE], now=now)
        for delivery in batch:
            _send_one(change, delivery, organisation=organisation, connection=connection, now=now)
            counts["sent" if delivery.status == NoticeDelivery.Status.SENT else "failed"] += 1
        NoticeDelivery.objects.bulk_update(
            batch, ["status", "sent_at", "last_error", "message_id", "claim", "claimed_at"]
        )
    return counts


def _claim(ids: list[int], *, now: dt.datetime) -> list[NoticeDelivery]:
    """Stamp the rows of `ids` still sendable with a fresh claim and return the rows this call won."""
    claim = uuid.uuid4()
    NoticeDelivery.objects.filter(_retryable(now), pk__in=ids, attempts__lt=MAX_DELIVERY_ATTEMPTS).update(
        claim=claim, claimed_at=now, attempts=F("attempts") + 1
    )
    return list(NoticeDelivery.objects.filter(claim=claim).select_related("subscription", "customer").order_by("pk"))


def _send_one(change, delivery: NoticeDelivery, *, organisation, connection, now: dt.datetime) -> None:
    delivery.claim = None
    if not delivery.recipient:
        delivery.status, delivery.last_error = NoticeDelivery.Status.FAILED, "NoPrivacyContact"
        return
    if delivery.customer_id:
        message = emails.customer_notice_message(change=change, delivery=delivery, organisation=organisation)
    else:
        message = emails.notice_message(change=change, subscription=delivery.subscription, organisation=organisation)
    message.connection = connection
    try:
        message.send()
    except Exception as exc:  # any transport error: record it, the retry task tries again
        logger.warning("Notice delivery %s failed: %s", delivery.pk, type(exc).__name__)
        delivery.status, delivery.last_error = NoticeDelivery.Status.FAILED, type(exc).__name__[:200]
    else:
        delivery.status, delivery.sent_at, delivery.last_error = NoticeDelivery.Status.SENT, now, ""
        delivery.message_id = message.extra_headers["Message-ID"]


# --- Subscriptions ----------------------------------------------------------------------------------


def subscription_request(
    *, email: str, organisation: str = "", language: str = Language.ENGLISH, now: dt.datetime | None = None
) -> None:
    """Start a double opt-in: email a signed, expiring confirmation link unless one went out just now.

    Says nothing about whether the address was already subscribed (no address enumeration). `language` is
    the one the person subscribed in; the confirmation and every later notice are written in it.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    language = language_of(language)
    subscription, _ = Subscription.objects.get_or_create(
        email=email, defaults={"organisation": organisation, "language": language}
    )
    if subscription.is_receiving:
        return
    if subscription.confirmation_sent_at and now - subscription.confirmation_sent_at < CONFIRMATION_RESEND_AFTER:
        return
    if organisation:
        subscription.organisation = organisation
    subscription.language = language
    message = emails.confirmation_message(subscription=subscription, organisation=OrganisationProfile.get_solo())
    try:
        message.send()
    except Exception as exc:  # the mail server is down: say so, and let the visitor try again
        logger.warning("Confirmation email failed: %s", type(exc).__name__)
        raise ValidationError(
            gettext("We could not send the confirmation email just now. Please try again in a few minutes."),
            code="mail_failed",
        ) from exc
    subscription.confirmation_sent_at = now
    subscription.save(update_fields=["organisation", "language", "confirmation_sent_at"])


def subscription_confirm(*, token: str, now: dt.datetime | None = None) -> Subscription:
    """Confirm the address in a confirmation link; raise ValidationError for a bad or expired link."""
    key = tokens.confirmation_key(token)
    subscription = _subscription_by_key(key)
    if not subscription.is_receiving:
        subscription.confirmed_at = now or timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return subscription


def subscription_unsubscribe(*, token: str, now: dt.datetime | None = None) -> Subscription:
    """Stop notices to the address in an unsubscribe link; the row stays as the proof of past notices."""
    subscription = _subscription_by_key(tokens.unsubscribe_key(token))
    if subscription.confirmed_at is None:
        subscription.delete()  # never confirmed: nothing to prove, so nothing to keep
        return subscription
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = now or timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def _subscription_by_key(key) -> Subscription:
    try:
        return Subscription.objects.get(key=key)
    except Subscription.DoesNotExist as exc:
        raise ValidationError(
            gettext("This subscription no longer exists. Subscribe again if you want the notices."), code="gone"
        ) from exc


def subscriptions_purge_unconfirmed(*, created_before: dt.datetime, dry_run: bool = False) -> int:
    """Delete (or on a dry run only count) subscriptions and DPA requests never confirmed, made before `created_before`.

    Both are double opt-in addresses nobody confirmed: one retention category ("unconfirmed subscriptions").
    """
    from .dpa_services import dpa_requests_purge_unconfirmed  # dpa_services imports this module

    requests = dpa_requests_purge_unconfirmed(created_before=created_before, dry_run=dry_run)
    unconfirmed = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=created_before)
    if dry_run:
        return unconfirmed.count() + requests
    _, per_model = unconfirmed.delete()
    return per_model.get(Subscription._meta.label, 0) + requests


# --- Objections -------------------------------------------------------------------------------------


def objection_target(*, token: str) -> tuple[SubprocessorChange, Subscription]:
    """Return the change and subscriber an objection link is for; raise ValidationError when it is closed."""
    change_id, key = tokens.objection_target(token)
    subscription = _subscription_by_key(key)
    change = SubprocessorChange.objects.select_related("subprocessor").filter(pk=change_id).first()
    if change is None or not change.accepts_objections:
        raise ValidationError(gettext("This change has taken effect or was withdrawn; objections to it are closed."))
    return change, subscription


@transaction.atomic
def objection_record(*, token: str, organisation: str, reason: str) -> Objection:
    """Record a customer's objection to an announced change and alert the data protection contact."""
    change, subscription = objection_target(token=token)
    objection = Objection(change=change, subscription=subscription, organisation=organisation, reason=reason)
    objection.validate_constraints()
    objection.save()
    alert = emails.objection_alert_message(objection=objection, organisation=OrganisationProfile.get_solo())
    transaction.on_commit(alert.send)
    return objection


def customer_objection_target(*, token: str) -> tuple[SubprocessorChange, Customer]:
    """Return the change and customer a customer's objection link is for; raise ValidationError when closed."""
    change_id, customer_id = tokens.customer_objection_target(token)
    customer = Customer.objects.filter(pk=customer_id).first()
    change = SubprocessorChange.objects.select_related("subprocessor").filter(pk=change_id).first()
    if customer is None or change is None or not change.accepts_objections:
        raise ValidationError(gettext("This change has taken effect or was withdrawn; objections to it are closed."))
    return change, customer


@transaction.atomic
def customer_objection_record(*, change: SubprocessorChange, customer: Customer, reason: str) -> Objection:
    """Record a customer's objection: while open, the new sub-processor stays away from its data."""
    if not change.accepts_objections:
        raise ValidationError(gettext("This change has taken effect or was withdrawn; objections to it are closed."))
    objection = Objection(change=change, customer=customer, organisation=customer.name, reason=reason)
    objection.validate_constraints()
    objection.save()
    alert = emails.objection_alert_message(objection=objection, organisation=OrganisationProfile.get_solo())
    transaction.on_commit(alert.send)
    return objection


@transaction.atomic
def objection_resolve(
    *, objection: Objection, outcome: str, resolution: str, now: dt.datetime | None = None
) -> Objection:
    """Record how an open objection ended, adjust the customer's exclusion, and tell the objector.

    Withdrawn: the sub-processor may process the customer's data. Kept out, or the contract ended:
    the customer's data stays out of it for good.
    """
    now = now or timezone.now()
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("change", "customer", "subscription")
        .get(pk=objection.pk)
    )
    if objection.status != Objection.Status.OPEN:
        raise ValidationError("This objection is already resolved.")
    if outcome not in Objection.Outcome.values:
        raise ValidationError(f"Unknown outcome {outcome!r}.")
    objection.status, objection.outcome, objection.resolved_at = Objection.Status.RESOLVED, outcome, now
    objection.resolution = resolution.strip() or Objection.Outcome(outcome).label
    objection.save()
    if objection.customer_id:
        _settle_exclusion(objection, now=now)
    message = emails.objection_outcome_message(objection=objection, organisation=OrganisationProfile.get_solo())
    transaction.on_commit(lambda: _tell_objector(objection.pk, message))
    return objection


def _settle_exclusion(objection: Objection, *, now: dt.datetime) -> None:
    current = CustomerExclusion.objects.filter(
        subprocessor_id=objection.change.subprocessor_id, customer_id=objection.customer_id, ended_at=None
    ).first()
    if objection.outcome == Objection.Outcome.WITHDRAWN:
        if current is not None and current.objection_id == objection.pk:
            current.ended_at = now
            current.save()
        return
    if current is None:
        current = CustomerExclusion(
            subprocessor_id=objection.change.subprocessor_id,
            customer_id=objection.customer_id,
            objection=objection,
            created_at=now,
        )
    current.reason = CustomerExclusion.Reason.KEPT_OUT
    current.save()


def _tell_objector(objection_id: int, message) -> None:
    try:
        message.send()
    except Exception as exc:  # recorded as not told; the admin shows it and can resend
        logger.warning("Objection outcome %s not sent: %s", objection_id, type(exc).__name__)
        return
    Objection.objects.filter(pk=objection_id).update(customer_told_at=timezone.now())


# --- Which lifecycle steps are allowed now (the admin only renders these) ---------------------------

LIFECYCLE_STEPS = ("announce", "activate", "retire")


def subprocessor_step_blocker(*, subprocessor: Subprocessor, step: str, now: dt.datetime | None = None) -> str:
    """Return why lifecycle `step` cannot be taken on the sub-processor now, or '' when it can.

    The same checks the services make before they change anything (status, notice period, effective date).
    """
    now = now or timezone.now()
    required, which = {"announce": (Subprocessor.Status.PROPOSED, "a proposed"),
                       "activate": (Subprocessor.Status.ANNOUNCED, "an announced"),
                       "retire": (Subprocessor.Status.ACTIVE, "an active")}[step]  # fmt: skip
    if subprocessor.status != required:
        status = subprocessor.get_status_display().lower()
        return f"Only {which} sub-processor can be {step}d; this one is {status}."
    if step == "announce":
        try:
            _check_notice(effective_from=subprocessor.effective_from, announced_at=now)
        except ValidationError as error:
            return " ".join(error.messages)
    if step == "activate" and now < _start_of(subprocessor.effective_from):
        return (
            f"{subprocessor.public_name} cannot be used before {subprocessor.effective_from:%-d %b %Y}: customers "
            "were promised that date in the notice and may object until then."
        )
    return ""


def subprocessor_steps(*, subprocessor: Subprocessor, now: dt.datetime | None = None) -> dict[str, str]:
    """Return the lifecycle steps that fit the sub-processor's status, each with the reason it is blocked ('')."""
    offered = {Subprocessor.Status.PROPOSED: ["announce"], Subprocessor.Status.ANNOUNCED: ["activate"],
               Subprocessor.Status.ACTIVE: ["retire"]}.get(subprocessor.status, [])  # fmt: skip
    return {step: subprocessor_step_blocker(subprocessor=subprocessor, step=step, now=now) for step in offered}


def notice_recipients() -> list[str]:
    """Return who a change notice goes to: every customer under contract, then every receiving subscriber."""
    rows = _notice_customers().order_by("name").values_list("name", "contact_email")
    customers = [f"{name} (customer) — {email or 'no notice address'}" for name, email in rows]
    subscribers = Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at=None).order_by("email")
    return customers + [f"{email} (subscriber)" for email in subscribers.values_list("email", flat=True)]


def change_notice_preview(*, subprocessor: Subprocessor, step: str, now: dt.datetime | None = None) -> tuple[str, str]:
    """Return the subject and text of the notice that announcing or retiring would send (nothing is saved)."""
    now = now or timezone.now()
    if step == "announce":
        change = SubprocessorChange(
            subprocessor=subprocessor, announced_at=now, kind=SubprocessorChange.Kind.ADDITION,
            summary=f"{subprocessor.legal_name} is added as a sub-processor for {subprocessor.service}.",
            new_locations=subprocessor.locations, effective_from=subprocessor.effective_from,
        )  # fmt: skip
    else:
        change = SubprocessorChange(
            subprocessor=subprocessor, announced_at=now, kind=SubprocessorChange.Kind.RETIREMENT,
            summary=f"We no longer use {subprocessor.legal_name} ({subprocessor.service}).",
            previous_locations=subprocessor.locations, effective_from=timezone.localdate(now), applied_at=now,
        )  # fmt: skip
    return emails.render_notice(change=change, organisation=OrganisationProfile.get_solo())

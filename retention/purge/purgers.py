"""One purger per data category. Each deletes (or anonymises) exactly its expired, unheld rows.

Row purgers work in passes: one for the platform period over all campaigns, then one per campaign
with a shorter window, each walking an index in bounded batches. A batch deletes children before
parents in one short transaction, and queues storage files to be removed after it commits.
"""

from collections.abc import Callable

from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.utils.module_loading import import_string

from callnex_compliance.platform_data.models import CallRecord, CallRecording, Contact, Transcript

from ..models import DataCategory
from . import calls_pg
from .batches import delete_in, keyset_batches, set_null_in, statistics_refresh
from .context import Preview, PurgeContext
from .files import delete_with_files
from .holds import HeldSet

NO_POLICY = "No retention policy for this category: nothing was purged."


class Purger:
    category: DataCategory

    def run(self, ctx: PurgeContext) -> None:
        raise NotImplementedError

    def preview(self, ctx: PurgeContext) -> Preview:
        raise NotImplementedError


class RowPurger(Purger):
    """A category stored in one platform table, expiring at an anchor date shortened per campaign."""

    model: type[Model]
    anchor: str  # the lookup of the anchor date
    campaign: str  # the lookup of the campaign id
    customer_name: str  # the lookup a dry run groups by
    order_by: str | None = None  # the column to walk (ties broken by primary key), or primary-key order

    @property
    def cutoff_categories(self) -> tuple[DataCategory, ...]:
        return (self.category,)

    def held_q(self, held: HeldSet) -> Q:
        raise NotImplementedError

    def delete_batch(self, ctx: PurgeContext, ids: list[int]) -> None:
        raise NotImplementedError

    def purge_pass(self, ctx: PurgeContext, expired: Q) -> bool:
        """Purge one pass in a faster way the database allows; return False to use the generic batches."""
        return False

    def passes(self, ctx: PurgeContext) -> list[Q]:
        """Return the conditions "expired": the platform period first, then each shorter campaign window."""
        default, shorter = ctx.campaign_cutoffs(*self.cutoff_categories)
        if default is None:
            return []
        expired = [Q(**{f"{self.anchor}__lt": default})]
        for campaign_id, cutoff in sorted(shorter.items()):
            expired.append(
                Q(**{self.campaign: campaign_id, f"{self.anchor}__gte": default, f"{self.anchor}__lt": cutoff})
            )
        return expired

    def _candidates(self, ctx: PurgeContext, expired: Q, counter: Callable[[int], None]) -> QuerySet:
        candidates = self.model.objects.filter(expired)
        if ctx.held.empty:
            return candidates
        counter(candidates.filter(self.held_q(ctx.held)).count())
        return candidates.exclude(self.held_q(ctx.held))

    def run(self, ctx: PurgeContext) -> None:
        if self.category not in ctx.policies:
            ctx.note(self.category, NO_POLICY)
            return
        for expired in self.passes(ctx):
            held = ctx.refreshed_held()
            candidates = self._candidates(ctx, expired, lambda n: ctx.tally(self.category, kept_by_hold=n))
            if self.purge_pass(ctx, expired):
                continue
            for rows in keyset_batches(candidates, size=ctx.batch_size, order_by=self.order_by):
                with ctx.batch():
                    ids = [row[0] for row in rows]
                    self.delete_batch(ctx, ctx.still_unheld(self.model, self.held_q, ids, selected_with=held))

    def preview(self, ctx: PurgeContext) -> Preview:
        preview = Preview()
        if self.category not in ctx.policies:
            preview.note = NO_POLICY
            return preview
        for expired in self.passes(ctx):
            candidates = self._candidates(ctx, expired, preview.count_kept)
            for row in candidates.values(self.customer_name).annotate(n=Count("pk")).order_by():
                preview.add(row[self.customer_name], row["n"])
        return preview


def delete_recordings(ctx: PurgeContext, field: str, ids: list[int]) -> None:
    """Delete recordings (by `field`: "pk" or "call_id") and queue their audio files, in the caller's transaction."""
    deleted = delete_with_files(CallRecording, field, ids, file_field="audio", remover=ctx.remover)
    ctx.tally(DataCategory.CALL_RECORDINGS, deleted=deleted)


def delete_calls(ctx: PurgeContext, ids: list[int]) -> None:
    """Delete calls with their transcripts and recordings, children first, inside the caller's transaction."""
    if not ids:
        return
    ctx.tally(DataCategory.TRANSCRIPTS, deleted=delete_in(Transcript, "call_id", ids))
    delete_recordings(ctx, "call_id", ids)
    deleted = delete_in(CallRecord, "pk", ids, handled=(Transcript, CallRecording))
    ctx.tally(DataCategory.CALL_RECORDS, deleted=deleted)


def delete_contacts(ctx: PurgeContext, ids: list[int]) -> None:
    """Unlink the contacts' calls (which outlive them) and delete the contacts."""
    if not ids:
        return
    set_null_in(CallRecord, "contact_id", ids)
    deleted = delete_in(Contact, "pk", ids, handled=(CallRecord,))
    ctx.tally(DataCategory.CAMPAIGN_CONTACTS, deleted=deleted)


class CallRecordPurger(RowPurger):
    category = DataCategory.CALL_RECORDS
    model = CallRecord
    anchor = "ended_at"
    campaign = "campaign_id"
    customer_name = "campaign__customer__name"
    order_by = "ended_at"

    def held_q(self, held: HeldSet) -> Q:
        return held.call_q()

    def delete_batch(self, ctx: PurgeContext, ids: list[int]) -> None:
        delete_calls(ctx, ids)

    def run(self, ctx: PurgeContext) -> None:
        ctx.tally(self.category)
        before = ctx.counts[self.category].deleted
        super().run(ctx)
        statistics_refresh(CallRecord, CallRecording, Transcript, deleted=ctx.counts[self.category].deleted - before)

    def purge_pass(self, ctx: PurgeContext, expired: Q) -> bool:
        if not calls_pg.applies():
            return False
        calls_pg.purge_calls(ctx, expired, self.held_q)
        return True


class CallChildPurger(RowPurger):
    """Recordings and transcripts: expire with their own period, or earlier with their call."""

    anchor = "call__ended_at"
    campaign = "call__campaign_id"
    customer_name = "call__campaign__customer__name"

    @property
    def cutoff_categories(self) -> tuple[DataCategory, ...]:
        return (self.category, DataCategory.CALL_RECORDS)

    def held_q(self, held: HeldSet) -> Q:
        return held.call_q("call__")


class RecordingPurger(CallChildPurger):
    category = DataCategory.CALL_RECORDINGS
    model = CallRecording

    def delete_batch(self, ctx: PurgeContext, ids: list[int]) -> None:
        delete_recordings(ctx, "pk", ids)


class TranscriptPurger(CallChildPurger):
    category = DataCategory.TRANSCRIPTS
    model = Transcript

    def delete_batch(self, ctx: PurgeContext, ids: list[int]) -> None:
        ctx.tally(self.category, deleted=delete_in(Transcript, "pk", ids))


class ContactPurger(RowPurger):
    category = DataCategory.CAMPAIGN_CONTACTS
    model = Contact
    anchor = "campaign__ended_at"
    campaign = "campaign_id"
    customer_name = "campaign__customer__name"

    def held_q(self, held: HeldSet) -> Q:
        return held.contact_q()

    def passes(self, ctx: PurgeContext) -> list[Q]:
        """Add a pass for campaigns that never end: contacts inactive (no call, not created) since the cutoff."""
        expired = super().passes(ctx)
        policy = ctx.policies.get(self.category)
        cutoff = policy.inactivity_cutoff(ctx.now) if policy else None
        if cutoff is not None:
            recent_call = CallRecord.objects.filter(contact_id=OuterRef("pk"), ended_at__gte=cutoff)
            expired.append(Q(campaign__ended_at__isnull=True, created_at__lt=cutoff) & ~Exists(recent_call))
        return expired

    def delete_batch(self, ctx: PurgeContext, ids: list[int]) -> None:
        delete_contacts(ctx, ids)


class ServicePurger(Purger):
    """A category another app stores: call its service with the cutoff (imported when the purge runs)."""

    service: str
    cutoff_argument: str
    counted_as: str  # "deleted" or "anonymised"
    passes_batch_size = False

    def _call(self, ctx: PurgeContext, *, dry_run: bool) -> int | None:
        cutoff = ctx.policy_cutoff(self.category)
        if cutoff is None:
            return None
        options = {self.cutoff_argument: cutoff, "dry_run": dry_run}
        if self.passes_batch_size:
            options["batch_size"] = ctx.batch_size
        return import_string(self.service)(**options)

    def run(self, ctx: PurgeContext) -> None:
        count = self._call(ctx, dry_run=False)
        if count is None:
            ctx.note(self.category, NO_POLICY)
        else:
            ctx.tally(self.category, **{self.counted_as: count})

    def preview(self, ctx: PurgeContext) -> Preview:
        count = self._call(ctx, dry_run=True)
        if count is None:
            return Preview(note=NO_POLICY)
        return Preview(by_customer={"(CallNex's own records)": count} if count else {})


class RightsRequestFilePurger(ServicePurger):
    category = DataCategory.RIGHTS_REQUEST_FILES
    service = "rights_requests.services.rights_requests_anonymise_closed"
    cutoff_argument = "closed_before"
    counted_as = "anonymised"
    passes_batch_size = True


class UnconfirmedSubscriptionPurger(ServicePurger):
    category = DataCategory.UNCONFIRMED_SUBSCRIPTIONS
    service = "subprocessors.services.subscriptions_purge_unconfirmed"
    cutoff_argument = "created_before"
    counted_as = "deleted"


class DpaRequestPurger(ServicePurger):
    category = DataCategory.DPA_REQUESTS
    service = "subprocessors.dpa_services.dpa_requests_purge_confirmed"
    cutoff_argument = "created_before"
    counted_as = "deleted"


class MailboxRecordPurger(ServicePurger):
    """Inquiries and triage messages; also every mailbox message of a request anonymised at its own end."""

    category = DataCategory.MAILBOX_RECORDS
    service = "mail_intake.retention.mailbox_records_purge"
    cutoff_argument = "handled_before"
    counted_as = "deleted"


class NotStoredHere(Purger):
    """A category with a policy for the register but no data in this system: say so, delete nothing."""

    def __init__(self, category: DataCategory, where: str):
        self.category = category
        self.text = f"Not stored in this system ({where}): nothing to purge here."

    def run(self, ctx: PurgeContext) -> None:
        ctx.note(self.category, self.text)

    def preview(self, ctx: PurgeContext) -> Preview:
        return Preview(note=self.text)

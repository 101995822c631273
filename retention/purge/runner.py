"""Run the purgers in order under the purge lock, and keep the run log."""

import logging
import os
from dataclasses import dataclass

from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from ..models import DataCategory, PurgeCategoryResult, PurgeRun
from .breaches import BreachNoticePurger, BreachPeopleListPurger
from .context import DEFAULT_BATCH_SIZE, Preview, Progress, PurgeContext
from .controller_data import AccountDataPurger, InvoicePurger, SupportTicketPurger
from .customers import CustomerPurger
from .files import files_delete_pending
from .lock import Lease, purge_lock, this_host
from .purgers import (
    CallRecordPurger,
    ContactPurger,
    DpaRequestPurger,
    MailboxRecordPurger,
    Purger,
    RecordingPurger,
    RightsRequestFilePurger,
    TranscriptPurger,
    UnconfirmedSubscriptionPurger,
)

logger = logging.getLogger(__name__)

# Parents before children: a customer takes its calls along, a call its recording and transcript,
# so each row is deleted once, by the widest rule that expires it.
PURGERS: list[Purger] = [
    AccountDataPurger(),
    CustomerPurger(),
    CallRecordPurger(),
    RecordingPurger(),
    TranscriptPurger(),
    ContactPurger(),
    RightsRequestFilePurger(),
    MailboxRecordPurger(),  # after the requests: their e-mails go once they are anonymised
    UnconfirmedSubscriptionPurger(),
    DpaRequestPurger(),
    InvoicePurger(),
    SupportTicketPurger(),
    BreachPeopleListPurger(),
    BreachNoticePurger(),
]


def purgers_for(category: str | None) -> list[Purger]:
    """Return the purgers to run: all of them, or the one of `category`."""
    if category is None:
        return PURGERS
    return [purger for purger in PURGERS if purger.category == DataCategory(category)]


@dataclass(frozen=True)
class RunOptions:
    trigger: str
    category: str | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    batch_pause: float = 0.0


def _reporter(run: PurgeRun, lease: Lease):
    def report(progress: Progress) -> None:
        PurgeRun.objects.filter(pk=run.pk).update(
            heartbeat_at=timezone.now(),
            batches=F("batches") + progress.batches,
            longest_transaction_ms=Greatest(F("longest_transaction_ms"), progress.longest_ms),
            files_deleted=F("files_deleted") + progress.files_deleted,
        )
        lease.renew()

    return report


def execute(options: RunOptions) -> PurgeRun:
    """Take the lock, run the purgers and return the finished run (raises PurgeAlreadyRunning)."""
    lease_seconds = max(600, int(options.batch_pause * 4))
    with purge_lock(lease_seconds=lease_seconds) as lease:
        # Holding the lock proves every run still marked running is dead.
        PurgeRun.objects.filter(status=PurgeRun.Status.RUNNING).update(
            status=PurgeRun.Status.INTERRUPTED, ended_at=F("heartbeat_at")
        )
        now = timezone.now()
        run = PurgeRun.objects.create(
            trigger=options.trigger,
            only_category=options.category or "",
            started_at=now,
            heartbeat_at=now,
            host=this_host(),
            pid=os.getpid(),
        )
        try:
            _run_purgers(run, options, lease)
        except Exception:
            logger.exception("purge run #%s failed", run.pk)
            PurgeRun.objects.filter(pk=run.pk).update(status=PurgeRun.Status.FAILED, ended_at=timezone.now())
        except BaseException:  # Ctrl-C or a stop signal: every committed batch is whole
            PurgeRun.objects.filter(pk=run.pk).update(status=PurgeRun.Status.INTERRUPTED, ended_at=timezone.now())
            raise
    run.refresh_from_db()
    return run


def _run_purgers(run: PurgeRun, options: RunOptions, lease: Lease) -> None:
    ctx = PurgeContext.load(
        now=run.started_at,
        batch_size=options.batch_size,
        batch_pause=options.batch_pause,
        on_progress=_reporter(run, lease),
    )
    selected = purgers_for(options.category)
    for purger in selected:
        ctx.tally(purger.category)
    # Files of rows a crashed run deleted but could not remove yet.
    removed, failed = files_delete_pending()
    ctx.progress.files_deleted += removed
    if failed:
        ctx.tally(DataCategory.CALL_RECORDINGS, errors=failed)
    for purger in selected:
        try:
            purger.run(ctx)
        except Exception:
            # The failed batch rolled back; the other categories still run. No row content is logged.
            logger.exception("purge of %s failed in run #%s", purger.category, run.pk)
            ctx.tally(purger.category, errors=1)
    ctx.finish()  # waits for the last file removals, whose failures count as errors
    for category, counts in ctx.counts.items():
        PurgeCategoryResult.objects.create(
            run=run,
            category=category,
            deleted=counts.deleted,
            anonymised=counts.anonymised,
            kept_by_hold=counts.kept_by_hold,
            errors=counts.errors,
            note=counts.note,
        )
    failed = any(counts.errors for counts in ctx.counts.values())
    run.status = PurgeRun.Status.FAILED if failed else PurgeRun.Status.SUCCEEDED
    run.ended_at = timezone.now()
    run.save(update_fields=["status", "ended_at"])


def preview(*, category: str | None = None) -> dict[str, Preview]:
    """Return what a purge would do now, per category, without changing anything."""
    ctx = PurgeContext.load(now=timezone.now())
    return {purger.category: purger.preview(ctx) for purger in purgers_for(category)}

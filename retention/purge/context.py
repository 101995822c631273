"""What one purge knows while it runs: the clock, the schedule, the holds, and its running counts."""

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model, Q

from ..models import CampaignRetentionOverride, DataCategory, RetentionPolicy
from .files import FileRemover, files_forget
from .holds import HeldSet, holds_fingerprint

# Rows per transaction: large enough that per-batch costs vanish, small enough to commit in well under a second.
DEFAULT_BATCH_SIZE = 5000


@dataclass
class Counts:
    deleted: int = 0
    anonymised: int = 0
    kept_by_hold: int = 0
    errors: int = 0
    note: str = ""


@dataclass
class Preview:
    """What a dry run found for one category: rows that would go per customer, and rows holds keep."""

    by_customer: dict[str, int] = field(default_factory=dict)
    kept_by_hold: int = 0
    note: str = ""

    def count_kept(self, count: int) -> None:
        self.kept_by_hold += count

    def add(self, customer: str, count: int) -> None:
        self.by_customer[customer] = self.by_customer.get(customer, 0) + count


@dataclass
class Progress:
    """What happened since the last report, written inside a later batch's transaction rather than one of its own."""

    batches: int = 0
    longest_ms: int = 0
    files_deleted: int = 0
    done_queues: list[int] = field(default_factory=list)  # queue rows whose files are all gone
    retry_queues: dict[int, list[str]] = field(default_factory=dict)  # queue row -> names still there


@dataclass
class PurgeContext:
    now: dt.datetime
    policies: dict[str, RetentionPolicy]
    # category -> campaign id -> days, read once so a run applies one consistent schedule
    overrides: dict[str, dict[int, int]]
    held: HeldSet
    batch_size: int = DEFAULT_BATCH_SIZE
    batch_pause: float = 0.0
    # Progress (heartbeat, counters, forgotten file queue rows) is written at most this often.
    report_every: float = 2.0
    counts: dict[str, Counts] = field(default_factory=dict)
    # called at the start of every batch transaction with the progress since the last call (heartbeat)
    on_progress: Callable[[Progress], None] = lambda progress: None
    progress: Progress = field(default_factory=Progress)
    finished: bool = False
    last_batch_seconds: float = 0.0  # the last batch transaction's duration, commit included

    def __post_init__(self) -> None:
        self.remover = FileRemover(self.files_done)
        self._reported_at = -float("inf")

    @classmethod
    def load(cls, *, now: dt.datetime, **options) -> "PurgeContext":
        """Read the policies, overrides and holds a run applies."""
        overrides: dict[str, dict[int, int]] = {}
        for campaign_id, category, days in CampaignRetentionOverride.objects.values_list(
            "campaign_id", "category", "days"
        ):
            overrides.setdefault(category, {})[campaign_id] = days
        policies = {policy.category: policy for policy in RetentionPolicy.objects.all()}
        return cls(now=now, policies=policies, overrides=overrides, held=HeldSet.load(), **options)

    def tally(self, category: str, **counts: int) -> None:
        entry = self.counts.setdefault(category, Counts())
        for name, value in counts.items():
            setattr(entry, name, getattr(entry, name) + value)

    def files_done(self, queue_id: int, removed: int, failed: list[str]) -> None:
        """Note the files removed after a batch committed; the queue row is forgotten in the next transaction."""
        self.progress.files_deleted += removed
        if failed:
            self.tally(DataCategory.CALL_RECORDINGS, errors=len(failed))
            self.progress.retry_queues[queue_id] = failed
        else:
            self.progress.done_queues.append(queue_id)
        if self.finished:  # the callback ran after the run ended (its outer transaction committed late)
            with transaction.atomic():
                self.flush()

    def flush(self) -> None:
        """Forget the queued files that are gone and report the progress, in the current transaction."""
        self.remover.harvest()
        progress, self.progress = self.progress, Progress()
        files_forget(done=progress.done_queues, retry=progress.retry_queues)
        self.on_progress(progress)

    def note(self, category: str, text: str) -> None:
        self.counts.setdefault(category, Counts()).note = text

    def policy_cutoff(self, category: str) -> dt.datetime | None:
        policy = self.policies.get(category)
        return policy.cutoff(self.now) if policy else None

    def campaign_cutoffs(self, *categories: DataCategory) -> tuple[dt.datetime | None, dict[int, dt.datetime]]:
        """Return the platform cutoff and the later cutoffs of campaigns with a shorter window.

        With several categories (a recording also goes when its call does) the latest cutoff wins.
        An override never moves a cutoff earlier: the platform period is the longest there is.
        """
        platform = [cutoff for c in categories if (cutoff := self.policy_cutoff(c)) is not None]
        if not platform:
            return None, {}
        default = max(platform)
        shorter: dict[int, dt.datetime] = {}
        for category in categories:
            for campaign_id, days in self.overrides.get(category, {}).items():
                cutoff = self.now - dt.timedelta(days=days)
                if cutoff > max(default, shorter.get(campaign_id, default)):
                    shorter[campaign_id] = cutoff
        return default, shorter

    def still_unheld(
        self, model: type[Model], held_q: Callable[[HeldSet], Q], ids: list[int], *, selected_with: HeldSet
    ) -> list[int]:
        """Return `ids` minus rows covered by a hold placed after they were selected with `selected_with`.

        Called inside the batch transaction, so a hold placed during a long run still protects
        everything not yet deleted.
        """
        current = self.refreshed_held()
        if current is selected_with or not ids:
            return ids
        return list(model.objects.filter(pk__in=ids).exclude(held_q(current)).values_list("pk", flat=True))

    def refreshed_held(self) -> HeldSet:
        """Return the held set, re-read when a hold was placed since the run read it."""
        if holds_fingerprint() != self.held.fingerprint:
            self.held = HeldSet.load()
        return self.held

    @contextmanager
    def batch(self, *, one_statement: bool = False) -> Iterator[None]:
        """Run one batch in its own short transaction (with the bookkeeping so far), then pause if asked.

        `one_statement`: the batch is a single SQL statement, atomic by itself. Outside a transaction
        (autocommit) it is then sent alone, BEGIN and COMMIT included in its one round trip, except
        when the bookkeeping is due, which goes into the same transaction as before.
        """
        started = time.monotonic()
        report = started - self._reported_at >= self.report_every
        if one_statement and not report and transaction.get_autocommit():
            yield  # the statement commits itself; on_commit callbacks run as soon as it returns
        else:
            with transaction.atomic():
                if report:
                    self._reported_at = started
                    self.flush()
                yield
        self.last_batch_seconds = time.monotonic() - started
        self.progress.batches += 1
        self.progress.longest_ms = max(self.progress.longest_ms, int(self.last_batch_seconds * 1000))
        if self.batch_pause:
            time.sleep(self.batch_pause)

    def finish(self) -> None:
        """Wait for the file removals and write the last progress; later removals are written at once."""
        self.remover.close()
        with transaction.atomic():
            self.flush()
        self.finished = True

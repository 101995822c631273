"""PostgreSQL: one statement per batch of expired calls, the purge's hot path.

The statement re-checks the legal holds, selects the next keyset page of unheld calls, deletes their
transcripts, recordings (queueing the audio files in the same statement) and the calls, and returns
the counts and the page's last key: one round trip per batch instead of six, and no id list sent
back and forth. The holds are re-checked inside the batch transaction as before: when a hold was
placed since the page's conditions were built, the statement deletes nothing and says so, and the
batch is redone with the new holds.
"""

import json
from dataclasses import dataclass
from functools import partial

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from callnex_compliance.platform_data.models import CallRecord, CallRecording, Transcript

from ..models import DataCategory, LegalHold, PendingFileDeletion
from .batches import after_key, unhandled_relations
from .context import PurgeContext
from .holds import HeldSet

KEYS = ("ended_at", "pk")
# A batch should commit within about a second (the limit is 2 s): on a loaded server the next batch
# shrinks (halves) after a slow one and grows back towards --batch-size after fast ones.
BATCH_SECONDS = 1.0


def applies() -> bool:
    """Return whether the one-statement batch may replace the generic one: PostgreSQL, no other app's rule."""
    return (
        connection.vendor == "postgresql"
        and not unhandled_relations(CallRecord, frozenset({Transcript, CallRecording}))
        and not unhandled_relations(CallRecording, frozenset())
        and not unhandled_relations(Transcript, frozenset())
    )


@dataclass
class Page:
    size: int  # asked for
    holds_unchanged: bool
    selected: int
    last: tuple | None
    transcripts: int
    recordings: int
    calls: int
    queue_id: int | None
    names: list[str]


def purge_calls(ctx: PurgeContext, expired: Q, held_q) -> None:
    """Delete the calls matching `expired` that no hold covers, at most `ctx.batch_size` per transaction."""
    held = ctx.refreshed_held()
    candidates = _unheld(expired, held, held_q)
    last, size = None, ctx.batch_size
    while True:
        with ctx.batch():
            after = candidates if last is None else candidates.filter(after_key(KEYS, last))
            page = _delete_page(after, size, held)
            if page.queue_id is not None:
                transaction.on_commit(partial(ctx.remover.submit, page.queue_id, page.names), robust=True)
        size = _next_size(size, ctx.last_batch_seconds, ctx.batch_size)
        if not page.holds_unchanged:
            held = ctx.refreshed_held()
            candidates = _unheld(expired, held, held_q)
            continue
        ctx.tally(DataCategory.TRANSCRIPTS, deleted=page.transcripts)
        ctx.tally(DataCategory.CALL_RECORDINGS, deleted=page.recordings)
        ctx.tally(DataCategory.CALL_RECORDS, deleted=page.calls)
        if page.selected < page.size:
            return
        last = page.last


def _next_size(size: int, seconds: float, most: int) -> int:
    if seconds > BATCH_SECONDS:
        return max(1, size // 2)
    if seconds < BATCH_SECONDS / 4:
        return min(most, size * 2)
    return size


def _unheld(expired: Q, held: HeldSet, held_q) -> QuerySet:
    candidates = CallRecord.objects.filter(expired)
    return candidates if held.empty else candidates.exclude(held_q(held))


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _delete_page(candidates: QuerySet, size: int, held: HeldSet) -> Page:
    page_sql, page_params = candidates.order_by(*KEYS).values_list("pk", "ended_at")[:size].query.sql_with_params()
    calls, transcripts, recordings = _table(CallRecord), _table(Transcript), _table(CallRecording)
    holds, pending = _table(LegalHold), _table(PendingFileDeletion)
    sql = f"""
        WITH holds AS (
            SELECT count(*) = %s AND coalesce(max(id), 0) = %s AS unchanged FROM {holds} WHERE released_at IS NULL
        ),
        page AS MATERIALIZED (
            SELECT id, ended_at FROM ({page_sql}) AS candidates (id, ended_at) WHERE (SELECT unchanged FROM holds)
        ),
        gone_transcripts AS (
            DELETE FROM {transcripts} WHERE call_id = ANY(ARRAY(SELECT id FROM page)) RETURNING 1
        ),
        gone_recordings AS (
            DELETE FROM {recordings} WHERE call_id = ANY(ARRAY(SELECT id FROM page)) RETURNING audio
        ),
        queued AS (
            INSERT INTO {pending} (names, queued_at, attempts)
            SELECT jsonb_agg(audio), now(), 0 FROM gone_recordings WHERE audio <> '' HAVING count(*) > 0
            RETURNING id, names
        ),
        gone_calls AS (DELETE FROM {calls} WHERE id = ANY(ARRAY(SELECT id FROM page)) RETURNING 1)
        SELECT (SELECT unchanged FROM holds), (SELECT count(*) FROM page), last.ended_at, last.id,
               (SELECT count(*) FROM gone_transcripts), (SELECT count(*) FROM gone_recordings),
               (SELECT count(*) FROM gone_calls), queued.id, queued.names
        FROM (SELECT 1) AS one
        LEFT JOIN (SELECT ended_at, id FROM page ORDER BY ended_at DESC, id DESC LIMIT 1) AS last ON true
        LEFT JOIN queued ON true
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*held.fingerprint, *page_params])
        unchanged, selected, last_ended, last_id, gone_t, gone_r, gone_c, queue_id, names = cursor.fetchone()
    if isinstance(names, str):
        names = json.loads(names)
    return Page(
        size=size,
        holds_unchanged=unchanged,
        selected=selected,
        last=(last_ended, last_id) if last_id is not None else None,
        transcripts=gone_t,
        recordings=gone_r,
        calls=gone_c,
        queue_id=queue_id,
        names=names or [],
    )

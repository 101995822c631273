"""PostgreSQL: one statement per batch of expired calls, the purge's hot path.

The statement re-checks the legal holds, selects the next keyset page of unheld calls and hands its
ids to a PL/pgSQL function (created in the session's temporary schema) that deletes their transcripts,
recordings (queueing the audio files) and the calls, and returns the counts, the queue row and the
page's last key: one round trip per batch, and no id list sent back and forth. Unless the bookkeeping
is due, the statement is sent outside a transaction block, so it is its own transaction and BEGIN and
COMMIT cost no round trip of their own. The holds are re-checked in the batch's own snapshot as
before: when a hold was placed since the page's conditions were built, the statement deletes nothing
and says so, and the batch is redone with the new holds.
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
# A batch should commit well within the 2 s limit. The next batch is sized from the
# last one's rate to take BATCH_SECONDS, at most twice or half the last size, never over --batch-size:
# on a loaded server batches shrink, on a quiet one they stay at --batch-size.
BATCH_SECONDS = 0.5  # a load spike can make a batch several times slower than the last one
# The first batch is at most this big, before any rate is known.
FIRST_BATCH = 2500


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
    _create_function()
    held = ctx.refreshed_held()
    candidates = _unheld(expired, held, held_q)
    last, size = None, min(ctx.batch_size, FIRST_BATCH)
    while True:
        with ctx.batch(one_statement=True):
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
    """Return the size that takes about BATCH_SECONDS at the last batch's rate, within [size / 2, size * 2]."""
    aimed = size * BATCH_SECONDS / seconds if seconds > 0 else size * 2
    return max(1, min(most, size * 2, max(size // 2, int(aimed))))


def _unheld(expired: Q, held: HeldSet, held_q) -> QuerySet:
    candidates = CallRecord.objects.filter(expired)
    return candidates if held.empty else candidates.exclude(held_q(held))


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


FUNCTION = "pg_temp.callnex_purge_call_batch"


def _create_function() -> None:
    """(Re)create the batch function in this session's temporary schema: nothing to migrate, nothing left behind.

    PL/pgSQL keeps the plans of its statements for the session, and the ids travel in a variable
    rather than through a materialised CTE scanned three times.
    """
    calls, transcripts, recordings = _table(CallRecord), _table(Transcript), _table(CallRecording)
    pending = _table(PendingFileDeletion)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {FUNCTION}(
                ids bigint[], OUT last_ended timestamptz, OUT n_transcripts bigint, OUT n_recordings bigint,
                OUT n_calls bigint, OUT queued_id bigint, OUT queued_names jsonb
            ) LANGUAGE plpgsql AS $$
            DECLARE
                gone_names text[];
            BEGIN
                n_transcripts := 0; n_recordings := 0; n_calls := 0;
                IF coalesce(cardinality(ids), 0) = 0 THEN
                    RETURN;
                END IF;
                SELECT c.ended_at INTO last_ended FROM {calls} AS c WHERE c.id = ids[cardinality(ids)];
                DELETE FROM {transcripts} AS t WHERE t.call_id = ANY(ids);
                GET DIAGNOSTICS n_transcripts = ROW_COUNT;
                WITH gone AS (DELETE FROM {recordings} AS r WHERE r.call_id = ANY(ids) RETURNING r.audio AS name)
                SELECT count(*), array_agg(gone.name) FILTER (WHERE gone.name <> '')
                INTO n_recordings, gone_names FROM gone;
                IF gone_names IS NOT NULL THEN
                    INSERT INTO {pending} AS q (names, queued_at, attempts) VALUES (to_jsonb(gone_names), now(), 0)
                    RETURNING q.id, q.names INTO queued_id, queued_names;
                END IF;
                DELETE FROM {calls} AS c WHERE c.id = ANY(ids);
                GET DIAGNOSTICS n_calls = ROW_COUNT;
            END $$
            """
        )


def _delete_page(candidates: QuerySet, size: int, held: HeldSet) -> Page:
    """Delete one keyset page of calls in one statement: hold re-check, page, children, calls, file queue."""
    page_sql, page_params = candidates.order_by(*KEYS).values_list("pk", "ended_at")[:size].query.sql_with_params()
    holds = _table(LegalHold)
    # The holds and the page are read in the statement's snapshot; when a hold was placed since the page's
    # conditions were built, the function gets no ids and the batch is redone with the new holds.
    # MATERIALIZED: the page is computed once (inlined, each reference to its ids would run the page again).
    sql = f"""
        WITH page AS MATERIALIZED (
            SELECT unchanged, CASE WHEN unchanged THEN ARRAY(
                SELECT id FROM ({page_sql}) AS candidates (id, ended_at) ORDER BY ended_at, id
            ) END AS ids
            FROM (
                SELECT count(*) = %s AND coalesce(max(id), 0) = %s AS unchanged
                FROM {holds} WHERE released_at IS NULL
            ) AS holds
        )
        SELECT page.unchanged, coalesce(cardinality(page.ids), 0), page.ids[cardinality(page.ids)], gone.*
        FROM page CROSS JOIN LATERAL {FUNCTION}(page.ids) AS gone
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*page_params, *held.fingerprint])
        unchanged, selected, last_id, last_ended, gone_t, gone_r, gone_c, queue_id, names = cursor.fetchone()
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

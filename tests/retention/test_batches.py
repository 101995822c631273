"""The cost of a call batch: on PostgreSQL one statement per batch, whatever the batch holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecord, CallRecording, Transcript
from retention.models import PendingFileDeletion
from retention.purge import calls_pg
from retention.purge.context import PurgeContext
from retention.purge.purgers import CallRecordPurger
from tests.factories.retention import call_with_media


def _purge_calls(count: int, *, batch_size: int) -> int:
    """Purge `count` expired calls with media; return the statements the purger sent."""
    for index in range(count):
        call_with_media(ended_days_ago=400, audio_name=f"recordings/1/{index}.wav")
    ctx = PurgeContext.load(now=timezone.now(), batch_size=batch_size, report_every=float("inf"))
    with CaptureQueriesContext(connection) as queries:
        CallRecordPurger().run(ctx)
    assert not CallRecord.objects.exists() and not CallRecording.objects.exists() and not Transcript.objects.exists()
    # The test's own transaction turns each batch transaction into a savepoint; production sends none.
    return sum(not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT")) for query in queries)


def test_sends_one_statement_per_batch_of_calls_when_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement batch is PostgreSQL's; SQLite runs the generic batch")
    two_batches = _purge_calls(4, batch_size=2)
    five_batches = _purge_calls(10, batch_size=2)
    assert five_batches - two_batches == 3  # each further batch is a single round trip
    assert PendingFileDeletion.objects.count() == 7  # every batch queued its files with its rows


def test_halves_the_next_batch_when_one_took_over_a_second_on_postgresql(db, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement batch is PostgreSQL's; SQLite runs the generic batch")
    monkeypatch.setattr(calls_pg, "BATCH_SECONDS", 0.0)  # every batch counts as slow
    PendingFileDeletion.objects.all().delete()
    _purge_calls(7, batch_size=4)  # 4 (slow), then 2, then 1 per transaction
    assert sorted(len(names) for names in PendingFileDeletion.objects.values_list("names", flat=True)) == [1, 2, 4]


def test_sizes_the_next_call_batch_from_the_last_ones_rate_within_half_and_double():
    aimed = calls_pg.BATCH_SECONDS
    assert calls_pg._next_size(1000, aimed / 2, 5000) == 2000  # twice as fast as aimed: twice as many
    assert calls_pg._next_size(1000, aimed / 10, 5000) == 2000  # never more than doubles
    assert calls_pg._next_size(4000, aimed / 10, 5000) == 5000  # never over --batch-size
    assert calls_pg._next_size(1000, aimed * 1.25, 5000) == 800  # a little slow: a little smaller
    assert calls_pg._next_size(1000, aimed * 10, 5000) == 500  # never less than half
    assert calls_pg._next_size(1, aimed * 10, 5000) == 1

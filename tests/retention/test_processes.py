"""Real processes against PostgreSQL: two purges at once, and a purge killed with SIGKILL mid-run.

The test database is shared with `manage.py purge` subprocesses, so these tests commit for real
(transactional_db) and need PostgreSQL: an in-memory SQLite test database is invisible to another
process. The SQLite lease is covered in test_runs.py.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from callnex_compliance.platform_data.models import CallRecord, CallRecording, Transcript
from retention.models import PendingFileDeletion, PurgeRun
from tests.factories.retention import LegalHoldFactory, call_with_media

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_policies"),
]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: subprocesses cannot see an in-memory SQLite test database")


def _purge(*args: str) -> subprocess.Popen:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(settings.MEDIA_ROOT), "DEBUG": "0"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "purge", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_one_purge_works_and_the_other_says_a_purge_is_running_when_two_start_together():
    for _ in range(16):
        call_with_media(ended_days_ago=400, audio_name="recordings/1/a.wav")
    first, second = (
        _purge("--batch-size", "1", "--batch-pause", "0.3"),
        _purge("--batch-size", "1", "--batch-pause", "0.3"),
    )
    outcomes = sorted((process.wait(timeout=120), process.stderr.read()) for process in (first, second))
    assert outcomes[0][0] == 0
    assert outcomes[1][0] != 0 and "A purge is already running" in outcomes[1][1]
    assert PurgeRun.objects.get().status == PurgeRun.Status.SUCCEEDED
    assert not CallRecord.objects.exists()


def _stored_files() -> set[str]:
    media = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(media)) for path in media.rglob("*.wav")}


def test_a_rerun_after_sigkill_ends_as_an_uninterrupted_run_would_with_no_orphans():
    expired = [call_with_media(ended_days_ago=400) for _ in range(24)]
    recent = [call_with_media(ended_days_ago=3) for _ in range(3)]
    held = call_with_media(ended_days_ago=400)
    LegalHoldFactory(call=held)
    survivors = {call.pk for call in [*recent, held]}
    assert len(_stored_files()) == 28

    killed = _purge("--batch-size", "2", "--batch-pause", "0.4")
    deadline = time.monotonic() + 60
    while not PurgeRun.objects.filter(batches__gte=3).exists():
        assert time.monotonic() < deadline and killed.poll() is None, "the purge never got going"
        time.sleep(0.05)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)

    remaining = set(CallRecord.objects.values_list("pk", flat=True))
    assert survivors < remaining < {call.pk for call in [*expired, *recent, held]}
    # No half-deleted call: every call still there has both its recording and its transcript.
    assert set(CallRecording.objects.values_list("call_id", flat=True)) == remaining
    assert set(Transcript.objects.values_list("call_id", flat=True)) == remaining

    rerun = _purge()
    assert rerun.wait(timeout=120) == 0, rerun.stderr.read()
    assert set(CallRecord.objects.values_list("pk", flat=True)) == survivors
    assert set(CallRecording.objects.values_list("call_id", flat=True)) == survivors
    assert _stored_files() == set(CallRecording.objects.values_list("audio", flat=True))
    assert not PendingFileDeletion.objects.exists()
    assert list(PurgeRun.objects.order_by("started_at").values_list("status", flat=True)) == [
        PurgeRun.Status.INTERRUPTED,
        PurgeRun.Status.SUCCEEDED,
    ]

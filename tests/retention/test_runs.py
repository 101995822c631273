"""The run log, crash recovery, the lock, the alerts to the data protection contact, and the command."""

import datetime as dt
import os

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecording, OrganisationProfile
from retention import services
from retention.models import DataCategory, PendingFileDeletion, PurgeLease, PurgeRun
from retention.purge.lock import LEASE_NAME, PurgeAlreadyRunning, purge_lock, this_host
from tests.factories.retention import call_with_media


def test_records_a_succeeded_run_with_counts_when_it_finishes(db, run_on_commit):
    call_with_media(ended_days_ago=40, audio_name="recordings/1/a.wav")
    run = run_on_commit(services.purge_run)
    assert run.status == PurgeRun.Status.SUCCEEDED and run.ended_at >= run.started_at
    assert run.results.get(category="call_recordings").deleted == 1
    assert run.results.count() == len(DataCategory)  # one result per category of the schedule


def test_removes_files_next_run_when_a_run_stopped_between_commit_and_file_removal(db, run_on_commit, stored_files):
    call_with_media(ended_days_ago=40)
    services.purge_run()  # its commit callbacks never run: as if the process died right after the commit
    assert not CallRecording.objects.exists() and len(stored_files()) == 1
    assert PendingFileDeletion.objects.count() == 1
    run_on_commit(services.purge_run)
    assert stored_files() == set() and not PendingFileDeletion.objects.exists()


def test_treats_an_already_missing_file_as_removed_when_purging(db, run_on_commit):
    call_with_media(ended_days_ago=40, audio_name="recordings/9/never-written.wav")
    run = run_on_commit(services.purge_run)
    assert run.status == PurgeRun.Status.SUCCEEDED
    assert PurgeRun.objects.get(pk=run.pk).files_deleted == 1


def test_marks_a_run_left_running_as_interrupted_when_the_next_run_starts(db, run_on_commit):
    now = timezone.now()
    dead = PurgeRun.objects.create(
        trigger="schedule", started_at=now, heartbeat_at=now, host="gone", pid=1, status=PurgeRun.Status.RUNNING
    )
    run_on_commit(services.purge_run)
    dead.refresh_from_db()
    assert dead.status == PurgeRun.Status.INTERRUPTED and dead.ended_at == dead.heartbeat_at


# Real commits, so files are handled right after each batch as in production.
@pytest.mark.django_db(transaction=True)
def test_emails_the_data_protection_contact_when_a_run_fails(seeded_policies, monkeypatch, dpc_user):
    call_with_media(ended_days_ago=40, audio_name="recordings/1/a.wav")

    def storage_down(path):
        raise OSError("storage unavailable")

    monkeypatch.setattr(os, "remove", storage_down)
    services.purge_run()
    run = PurgeRun.objects.get()
    assert run.status == PurgeRun.Status.FAILED
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {OrganisationProfile.get_solo().contact_email, dpc_user.email}
    assert "failed" in mail.outbox[0].subject and "Call recordings" in mail.outbox[0].body, mail.outbox[0].body
    assert PendingFileDeletion.objects.get().attempts == 1  # kept for the next run


def test_health_check_emails_when_no_run_succeeded_in_the_last_26_hours(db):
    ended = timezone.now() - dt.timedelta(hours=27)
    PurgeRun.objects.create(
        trigger="schedule", status="succeeded", started_at=ended, ended_at=ended, heartbeat_at=ended, host="h", pid=1
    )
    assert services.purge_health_check() is False
    assert "No successful retention purge in the last 26 hours" in mail.outbox[0].subject


def test_health_check_stays_quiet_when_a_run_succeeded_recently(db, run_on_commit):
    run_on_commit(services.purge_run)
    assert services.purge_health_check() is True
    assert mail.outbox == []


def test_refuses_to_start_when_another_process_holds_the_lease(db):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL uses an advisory lock; test_processes covers it")
    PurgeLease.objects.create(
        name=LEASE_NAME,
        token="other",
        host=this_host(),
        pid=os.getppid(),
        expires_at=timezone.now() + dt.timedelta(minutes=5),
    )
    with pytest.raises(PurgeAlreadyRunning):
        services.purge_run()
    assert not PurgeRun.objects.exists()


@pytest.mark.parametrize(
    ("pid", "expires_in"),
    [(2**22 + 12345, dt.timedelta(minutes=5)), (os.getppid(), -dt.timedelta(seconds=1))],
    ids=["holder-process-gone", "lease-expired"],
)
def test_takes_over_the_lease_when_its_holder_is_dead_or_silent(db, pid, expires_in):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL uses an advisory lock; test_processes covers it")
    PurgeLease.objects.create(
        name=LEASE_NAME, token="crashed", host=this_host(), pid=pid, expires_at=timezone.now() + expires_in
    )
    with purge_lock():
        assert PurgeLease.objects.get().pid == os.getpid()
    assert PurgeLease.objects.get().token == ""


def test_command_exits_with_a_message_when_a_purge_is_already_running(db):
    with purge_lock(), pytest.raises(CommandError, match="A purge is already running"):
        call_command("purge")


def test_dry_run_prints_per_category_and_customer_and_changes_nothing(db, capsys):
    call = call_with_media(ended_days_ago=40, audio_name="recordings/1/a.wav")
    call_command("purge", "--dry-run")
    out = capsys.readouterr().out
    assert f"  {call.campaign.customer.name}: 1 to delete" in out
    assert "Support tickets" in out  # CallNex's own categories are previewed too
    assert CallRecording.objects.filter(call=call).exists() and not PurgeRun.objects.exists()


def _preview_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        services.purge_preview()
    return len(queries)


def test_dry_run_query_count_stays_the_same_when_there_are_more_rows(db):
    call_with_media(ended_days_ago=400, audio_name="recordings/1/a.wav")
    few = _preview_queries()
    for days in range(10):
        call_with_media(ended_days_ago=40 + days * 40, audio_name=f"recordings/1/{days}.wav")
    assert _preview_queries() == few


def test_command_prints_the_counts_when_it_purges(db, capsys):
    call_with_media(ended_days_ago=400, audio_name="recordings/1/a.wav")
    call_command("purge")
    out = capsys.readouterr().out
    assert "call_records: 1 deleted" in out and "succeeded" in out


def test_command_rejects_a_batch_size_below_one(db):
    with pytest.raises(CommandError, match="--batch-size: must be between 1 and"):
        call_command("purge", "--batch-size", "0")

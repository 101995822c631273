"""The nightly purge and its health check are django-q2 schedules, applied by setup_schedules."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import Schedule, Task
from django_q.scheduler import scheduler

from callnex_compliance import schedules
from retention.models import PurgeRun
from tests.factories.retention import call_with_media

NIGHTLY = "callnex: retention: nightly purge"


def test_setup_schedules_leaves_exactly_one_nightly_purge_when_run_twice(db):
    call_command("setup_schedules")
    call_command("setup_schedules")
    nightly = Schedule.objects.filter(func="retention.tasks.purge_nightly")
    assert nightly.count() == 1
    assert (nightly.get().name, nightly.get().cron) == (NIGHTLY, "30 3 * * *")


def test_nightly_purge_runs_at_half_past_three_brussels_time_when_scheduled(db):
    call_command("setup_schedules")
    next_run = timezone.localtime(Schedule.objects.get(name=NIGHTLY).next_run)
    assert (next_run.hour, next_run.minute, str(next_run.tzinfo)) == (3, 30, "Europe/Brussels")


def test_health_check_is_scheduled_every_morning(db):
    specs = {spec.func: spec.cron for spec in schedules.SCHEDULES}
    assert specs["retention.tasks.purge_health_check"] == "0 7 * * *"


@pytest.fixture
def due_nightly_purge(db, monkeypatch):
    """The nightly schedule, overdue by three nights, with django-q2 running tasks in this process."""
    monkeypatch.setattr(Conf, "SYNC", True)
    call_command("setup_schedules")
    Schedule.objects.exclude(name=NIGHTLY).delete()
    Schedule.objects.filter(name=NIGHTLY).update(next_run=timezone.now() - dt.timedelta(days=3))


def test_scheduler_runs_the_purge_through_django_q_when_the_schedule_is_due(
    due_nightly_purge, django_capture_on_commit_callbacks
):
    call = call_with_media(ended_days_ago=400, audio_name="recordings/1/a.wav")
    with django_capture_on_commit_callbacks(execute=True):
        scheduler()
    run = PurgeRun.objects.get()
    assert (run.trigger, run.status) == (PurgeRun.Trigger.SCHEDULE, PurgeRun.Status.SUCCEEDED)
    assert not type(call).objects.filter(pk=call.pk).exists()
    task = Task.objects.get(func="retention.tasks.purge_nightly")
    assert task.success and task.result == f"Purge #{run.pk}: succeeded"


def test_missed_nights_run_the_purge_once_when_the_cluster_comes_back(due_nightly_purge):
    scheduler()
    assert PurgeRun.objects.count() == 1
    assert Schedule.objects.get(name=NIGHTLY).next_run > timezone.now()

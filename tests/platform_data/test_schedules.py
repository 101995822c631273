"""`setup_schedules` applies callnex_compliance/schedules.py idempotently."""

import pytest
from django.core.management import call_command
from django_q.models import Schedule

from callnex_compliance import schedules
from callnex_compliance.schedule_sync import schedules_sync

NIGHTLY = schedules.ScheduleSpec(name="test job", func="django.utils.timezone.now", cron="30 3 * * *")


def test_sync_twice_leaves_exactly_one_schedule_per_spec(db):
    schedules_sync([NIGHTLY])
    result = schedules_sync([NIGHTLY])
    assert Schedule.objects.filter(name=NIGHTLY.schedule_name).count() == 1
    assert result.created == [] and result.updated == [NIGHTLY.schedule_name]


def test_sync_runs_cron_in_brussels_time(db):
    schedules_sync([NIGHTLY])
    schedule = Schedule.objects.get(name=NIGHTLY.schedule_name)
    from django.utils.timezone import localtime

    assert (localtime(schedule.next_run).hour, localtime(schedule.next_run).minute) == (3, 30)


def test_sync_removes_only_our_own_stale_schedules(db):
    schedules_sync([NIGHTLY])
    Schedule.objects.create(name="hand made", func="django.utils.timezone.now", schedule_type=Schedule.DAILY)
    result = schedules_sync([])
    assert result.removed == [NIGHTLY.schedule_name]
    assert list(Schedule.objects.values_list("name", flat=True)) == ["hand made"]


def test_sync_rejects_a_task_path_that_does_not_import(db):
    broken = schedules.ScheduleSpec(name="broken", func="nowhere.task", cron="0 4 * * *")
    with pytest.raises(ImportError):
        schedules_sync([broken])
    assert not Schedule.objects.exists()


def test_setup_schedules_command_applies_the_project_list(db):
    call_command("setup_schedules")
    call_command("setup_schedules")
    names = sorted(Schedule.objects.values_list("name", flat=True))
    assert names == sorted(spec.schedule_name for spec in schedules.SCHEDULES)

"""Apply `schedules.SCHEDULES` to django-q2's Schedule table, idempotently."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.module_loading import import_string
from django_q.models import Schedule

from callnex_compliance import schedules


@dataclass
class ScheduleSyncResult:
    created: list[str]
    updated: list[str]
    removed: list[str]


@transaction.atomic
def schedules_sync(specs: list[schedules.ScheduleSpec] | None = None) -> ScheduleSyncResult:
    """Create or update our schedules by name and delete our own entries no longer listed.

    Schedules added by hand (names without our prefix) are left alone.
    """
    specs = schedules.SCHEDULES if specs is None else specs
    result = ScheduleSyncResult(created=[], updated=[], removed=[])
    for spec in specs:
        import_string(spec.func)  # fail now, not at 03:30, when a task path is wrong
        schedule, created = Schedule.objects.update_or_create(
            name=spec.schedule_name,
            defaults={
                "func": spec.func,
                "schedule_type": Schedule.CRON,
                "cron": spec.cron,
                "kwargs": repr(spec.kwargs) if spec.kwargs else None,
                "repeats": -1,
            },
        )
        if created:
            result.created.append(spec.schedule_name)
        else:
            schedule.next_run = schedule.calculate_next_run()
            schedule.save(update_fields=["next_run"])
            result.updated.append(spec.schedule_name)
    wanted = {spec.schedule_name for spec in specs}
    stale = Schedule.objects.filter(name__startswith=schedules.SCHEDULE_NAME_PREFIX).exclude(name__in=wanted)
    result.removed = sorted(stale.values_list("name", flat=True))
    stale.delete()
    return result

"""django-q2 tasks of the Retention app (scheduled in callnex_compliance/schedules.py)."""

from . import services
from .models import PurgeRun


def purge_nightly() -> str:
    """Run the nightly purge; a purge already running makes this one a logged no-op."""
    try:
        run = services.purge_run(trigger=PurgeRun.Trigger.SCHEDULE)
    except services.PurgeAlreadyRunning as exc:
        return str(exc)
    return f"Purge #{run.pk}: {run.get_status_display().lower()}"


def purge_health_check() -> str:
    """Alert the data protection contact when no purge succeeded in the last 26 hours."""
    return "healthy" if services.purge_health_check() else "overdue: the data protection contact was emailed"

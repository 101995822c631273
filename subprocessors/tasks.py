"""django-q2 tasks of the sub-processor register; each parses nothing and calls one service."""

from . import services


def send_change_notices(change_id: int) -> dict[str, int]:
    """Email the notice of one change to every confirmed subscriber (queued by the announce service)."""
    return services.notices_send(change_id=change_id)


def retry_failed_notices() -> dict[str, int]:
    """Send again the notices whose delivery failed (scheduled)."""
    return services.notices_retry_failed()


def apply_due_changes() -> int:
    """Activate announced sub-processors and location changes whose effective date has come (scheduled)."""
    return services.changes_apply_due()


def run_offboardings() -> dict[str, int]:
    """Open, export, delete and certify the offboardings of ended contracts that are due (scheduled)."""
    from .offboarding import offboardings_run_due

    return offboardings_run_due()

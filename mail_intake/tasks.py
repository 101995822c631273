"""django-q2 tasks of the mailbox intake (listed in callnex_compliance/schedules.py)."""

from .mailbox import mailbox_poll
from .retention import identity_evidence_delete_checked


def poll_mailbox() -> dict | None:
    """Every 5 minutes: read the support mailbox, then delete identity evidence whose check is done."""
    result = mailbox_poll()
    identity_evidence_delete_checked()
    return result

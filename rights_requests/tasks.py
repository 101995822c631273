"""django-q2 tasks of the rights-requests app (scheduled in callnex_compliance/schedules.py)."""

from . import services


def send_deadline_digest() -> int:
    """Email every assignee their requests due within 7 days or overdue."""
    return services.rights_requests_send_digest()


def purge_expired_exports() -> int:
    """Remove expired export files from private storage."""
    return services.data_exports_purge_expired()

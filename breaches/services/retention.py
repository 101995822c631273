"""Retention of the personal data an incident collects: the affected-people lists and the customer notices.

Called by the nightly purge (`retention/purge/breaches.py`) with the cutoff of each policy, anchored on
the incident's closure. The incident itself, its timeline and figures stay: Art. 33(5) documentation.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..models import AffectedPerson, CustomerNotice

REDACTED = "[redacted]"


def affected_people_purge(*, closed_before: dt.datetime, dry_run: bool = False) -> int:
    """Delete (or on a dry run only count) the people listed on incidents closed before `closed_before`."""
    expired = AffectedPerson.objects.filter(incident__closed_at__lt=closed_before)
    if dry_run:
        return expired.count()
    _, per_model = expired.delete()
    return per_model.get(AffectedPerson._meta.label, 0)


@transaction.atomic
def customer_notices_redact(*, closed_before: dt.datetime, dry_run: bool = False) -> int:
    """Blank the recipient and text of notices of incidents closed before `closed_before`; keep when, id, outcome."""
    expired = CustomerNotice.objects.filter(incident__closed_at__lt=closed_before, redacted_at__isnull=True)
    if dry_run:
        return expired.count()
    return expired.update(recipient="", body=REDACTED, redacted_at=timezone.now())

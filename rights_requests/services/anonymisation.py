"""Anonymise closed requests once their retention ends (3 years after closure, run by the retention purge).

The reference, dates, rights, status and the timeline (which holds no personal data) stay as proof;
the requester's identity, the free texts and the letters' addresses and bodies go, in the history
tables too, so no copy keeps them alive.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from ..models import ANONYMISED, FileReview, Forwarding, RightsRequest, RightsRequestEvent, RightsRequestLetter

logger = logging.getLogger(__name__)

REQUEST_FIELDS = {
    "requester_name": ANONYMISED,
    "requester_email": "",
    "requester_phone": "",
    "details": "",
    "extension_reason": "",
    "outcome_text": "",
    "identity_check_note": "",
    "own_data": {},
    "other_identifiers": [],
}
LETTER_FIELDS = {"to_email": "", "body": ANONYMISED}
FORWARDING_FIELDS = {"outcome": ""}
# The Art. 15(4) decision stays as proof; its reason (which may describe what others said) goes.
FILE_REVIEW_FIELDS = {"reason": ANONYMISED}


def _due(closed_before: dt.datetime):
    """Return the closed, expired files not yet anonymised and not covered by an active legal hold."""
    from retention.models import HoldScope, LegalHold  # retention imports this app's services at run time

    held = LegalHold.objects.filter(scope=HoldScope.RIGHTS_REQUEST, released_at__isnull=True)
    return RightsRequest.objects.filter(closed_at__lt=closed_before, anonymised_at__isnull=True).exclude(
        pk__in=held.values("rights_request_id")
    )


def _anonymise_batch(ids: list[int], now: dt.datetime) -> None:
    RightsRequest.objects.filter(pk__in=ids).update(**REQUEST_FIELDS, anonymised_at=now)
    RightsRequest.history.filter(id__in=ids).update(**REQUEST_FIELDS)
    letters = RightsRequestLetter.objects.filter(rights_request_id__in=ids)
    letters.update(**LETTER_FIELDS)
    RightsRequestLetter.history.filter(rights_request_id__in=ids).update(**LETTER_FIELDS)
    Forwarding.objects.filter(rights_request_id__in=ids).update(**FORWARDING_FIELDS)
    Forwarding.history.filter(rights_request_id__in=ids).update(**FORWARDING_FIELDS)
    FileReview.objects.filter(rights_request_id__in=ids).update(**FILE_REVIEW_FIELDS)
    FileReview.history.filter(rights_request_id__in=ids).update(**FILE_REVIEW_FIELDS)
    RightsRequestEvent.objects.bulk_create(
        RightsRequestEvent(
            rights_request_id=pk,
            kind=RightsRequestEvent.Kind.ANONYMISED,
            at=now,
            message="Requester details, free texts and letters anonymised (retention: 3 years after closure).",
        )
        for pk in ids
    )


def rights_requests_anonymise_closed(
    *, closed_before: dt.datetime, batch_size: int = 500, dry_run: bool = False
) -> int:
    """Anonymise requests closed before `closed_before`, not yet anonymised nor held; return how many.

    Idempotent (marks `anonymised_at`), batched (a constant number of queries per batch) and, on a
    dry run, only counts.
    """
    if dry_run:
        return _due(closed_before).count()
    total = 0
    while True:
        with transaction.atomic():
            ids = list(
                _due(closed_before)
                .select_for_update(skip_locked=True)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            _anonymise_batch(ids, timezone.now())
        total += len(ids)
    if total:
        logger.info("Anonymised %d closed rights request(s)", total)
    return total

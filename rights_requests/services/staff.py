"""Staff tracking: the daily deadline digest and the personal calendar feed tokens."""

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import CalendarFeed
from ..selectors import brussels_today, digest_by_assignee, keyed_hash

logger = logging.getLogger(__name__)


def rights_requests_send_digest(*, today: dt.date | None = None) -> int:
    """Email each assignee their open requests due within 7 days or overdue; return the emails sent."""
    today = today or brussels_today()
    sent = 0
    for assignee, requests in digest_by_assignee(today=today):
        rows = [
            {
                "reference": r.reference,
                "status": r.get_status_display(),
                "due_on": r.worklist_due_on,
                "days_left": r.days_left(today),
                "overdue_days": max(-r.days_left(today), 0),
                "urgency": r.urgency(today),
                "url": settings.SITE_URL + reverse("admin:rights_requests_rightsrequest_change", args=[r.pk]),
            }
            for r in requests
        ]
        context = {"user": assignee, "rows": rows, "today": today}
        subject = " ".join(render_to_string("rights_requests/emails/digest_subject.txt", context).split())
        body = render_to_string("rights_requests/emails/digest.txt", context)
        EmailMessage(subject=subject, body=body, to=[assignee.email]).send()
        sent += 1
    logger.info("Deadline digest sent to %d assignee(s)", sent)
    return sent


@transaction.atomic
def calendar_feed_issue(*, user) -> str:
    """Create or replace the user's secret calendar token and return it (only its keyed hash is stored)."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": keyed_hash(token), "created_at": timezone.now(), "revoked_at": None}
    )
    return token


def calendar_feed_revoke(*, user) -> bool:
    """Revoke the user's calendar feed; return whether there was an active one."""
    return bool(CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now()))


def calendar_feed_touch(*, feed: CalendarFeed) -> None:
    """Note when the feed was last fetched, so unused feeds can be spotted and revoked."""
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())

"""The mailbox on the admin dashboard: the triage queue's size and age, and a mailbox that cannot be read."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from callnex_compliance.dashboard import Figure, Section, _changelist

from .models import InboundMessage, Inquiry, MailboxStatus

UNREACHABLE_ALERT_AFTER = dt.timedelta(hours=1)


def mailbox_section(now: dt.datetime) -> Section:
    """Triage count and oldest age, open inquiries, and the mailbox's health (three queries)."""
    triage = InboundMessage.objects.in_triage().aggregate(count=Count("pk"), oldest=Min("received_at"))
    open_inquiries = Inquiry.objects.filter(status=Inquiry.Status.OPEN).count()
    status = MailboxStatus.objects.filter(pk=1).first()
    age_days = (now - triage["oldest"]).days if triage["oldest"] else 0
    section = Section("Mailbox", url=_changelist(InboundMessage, queue="triage"))
    section.figures = [
        Figure(
            "In triage",
            triage["count"],
            _changelist(InboundMessage, queue="triage"),
            "alert" if age_days >= 1 else ("warn" if triage["count"] else "ok"),
        ),  # fmt: skip
        Figure(
            "Oldest in triage (days)",
            age_days,
            _changelist(InboundMessage, queue="triage"),
            "alert" if age_days >= 1 else "ok",
        ),  # fmt: skip
        Figure("Open inquiries", open_inquiries, _changelist(Inquiry, status="open")),
    ]
    if not settings.INTAKE_IMAP_URL:
        section.note = (
            "No mailbox is configured: e-mails are registered by hand "
            "(the README's section on the support mailbox says how to connect one)."
        )
    elif status and status.failing_since and now - status.failing_since > UNREACHABLE_ALERT_AFTER:
        section.note = (
            f"The mailbox could not be read since {timezone.localtime(status.failing_since):%d %b %Y %H:%M} "
            f"({status.last_error}): new e-mails are not arriving in the back-office."
        )
        section.tone = "alert"
        return section
    elif status and status.last_success_at:
        section.note = f"Mailbox last read {timezone.localtime(status.last_success_at):%d %b %Y %H:%M}."
    section.tone = "alert" if age_days >= 1 else ("warn" if triage["count"] else "ok")
    return section

"""Render a staff member's deadlines as an iCalendar feed (RFC 5545) with the icalendar package."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import RightsRequest


def deadlines_calendar(requests: list[RightsRequest], *, owner_label: str) -> bytes:
    """Return an all-day event on each request's due date; summaries carry references, not personal data."""
    calendar = Calendar()
    calendar.add("prodid", "-//CallNex Compliance//Rights request deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Rights request deadlines ({owner_label})")
    stamp = timezone.now()
    for rights_request in requests:
        event = Event()
        event.add("uid", f"{rights_request.reference}@callnex-compliance")
        event.add("dtstamp", stamp)
        event.add("dtstart", rights_request.due_on)
        event.add("dtend", rights_request.due_on + dt.timedelta(days=1))
        event.add("summary", f"{rights_request.reference} due ({', '.join(rights_request.rights)})")
        event.add("description", f"Status: {rights_request.get_status_display()}.")
        event.add(
            "url", settings.SITE_URL + reverse("admin:rights_requests_rightsrequest_change", args=[rights_request.pk])
        )
        calendar.add_component(event)
    return calendar.to_ical()

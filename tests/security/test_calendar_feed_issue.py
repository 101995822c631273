"""Only roles that may add calendar feeds can issue or replace one (finding 9)."""

import pytest
from django.urls import reverse

from rights_requests.models import CalendarFeed

pytestmark = pytest.mark.django_db
URL = "/admin/rights_requests/rightsrequest/calendar-feed/"


def test_the_auditor_cannot_issue_itself_a_calendar_feed(auditor_client):
    assert reverse("admin:rights_requests_calendar_feed") == URL
    page = auditor_client.get(URL)
    assert page.status_code == 200 and b"Create my feed URL" not in page.content
    assert auditor_client.post(URL, {}).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_a_handler_can_still_issue_and_revoke_its_calendar_feed(handler_client, handler_user):
    assert handler_client.post(URL, {}).status_code == 200
    assert CalendarFeed.objects.get(user=handler_user).revoked_at is None
    handler_client.post(URL, {"revoke": "1"})
    assert CalendarFeed.objects.get(user=handler_user).revoked_at is not None

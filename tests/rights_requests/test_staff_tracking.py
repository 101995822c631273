"""Staff tracking: the daily deadline digest, the personal calendar feed and the scheduled jobs."""

import datetime as dt

import pytest
from django.core import mail
from icalendar import Calendar

from callnex_compliance import schedules
from rights_requests import services, tasks
from rights_requests.models import CalendarFeed
from rights_requests.selectors import brussels_today
from tests.factories.rights_requests import RightsRequestFactory
from tests.factories.users import StaffUserFactory


def _due_in(days: int, **kwargs):
    return RightsRequestFactory(due_on=brussels_today() + dt.timedelta(days=days), **kwargs)


def test_digest_lists_each_assignees_requests_due_within_7_days_or_overdue(handler_user, dpc_user):
    soon = _due_in(7, assignee=handler_user, reference="RR-SOON")
    late = _due_in(-2, assignee=handler_user, reference="RR-LATE")
    _due_in(8, assignee=handler_user, reference="RR-LATER")
    _due_in(1, assignee=handler_user, reference="RR-DONE", status="completed", closed_at=soon.received_at)
    _due_in(3, assignee=dpc_user, reference="RR-DPC")
    assert services.rights_requests_send_digest() == 2
    digest = next(m for m in mail.outbox if m.to == [handler_user.email])
    assert "RR-SOON" in digest.body and "RR-LATE" in digest.body
    assert "RR-LATER" not in digest.body and "RR-DONE" not in digest.body and "RR-DPC" not in digest.body
    assert "OVERDUE by 2 day(s)" in digest.body
    assert digest.subject == "Rights requests due within 7 days: 2"
    assert late.requester_email not in digest.body and late.requester_name not in digest.body


def test_digest_skips_requests_whose_clock_is_paused(handler_user):
    _due_in(1, assignee=handler_user, status="awaiting_identity", paused_since=dt.datetime.now(dt.UTC))
    assert services.rights_requests_send_digest() == 0
    assert mail.outbox == []


def test_digest_task_sends_nothing_when_nobody_has_urgent_work(db):
    _due_in(20, assignee=StaffUserFactory())
    assert tasks.send_deadline_digest() == 0


def test_schedules_list_the_digest_on_weekday_mornings_and_the_hourly_export_cleanup():
    by_func = {spec.func: spec.cron for spec in schedules.SCHEDULES}
    assert by_func["rights_requests.tasks.send_deadline_digest"] == "0 7 * * 1-5"
    assert by_func["rights_requests.tasks.purge_expired_exports"] == "20 * * * *"


@pytest.fixture
def feed_token(handler_user):
    return services.calendar_feed_issue(user=handler_user)


def test_calendar_feed_lists_the_due_dates_of_the_owners_open_requests(client, handler_user, dpc_user, feed_token):
    mine = _due_in(5, assignee=handler_user, reference="RR-MINE")
    _due_in(5, assignee=dpc_user, reference="RR-THEIRS")
    response = client.get(f"/rights-requests/calendar/{feed_token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["RR-MINE due (access)"]
    assert events[0].decoded("dtstart") == mine.due_on
    assert mine.requester_name.encode() not in response.content


def test_calendar_feed_is_not_found_with_a_wrong_token(client, feed_token):
    assert client.get(f"/rights-requests/calendar/{feed_token[:-2]}xx.ics").status_code == 404


def test_calendar_feed_stops_working_once_revoked(client, handler_user, feed_token):
    services.calendar_feed_revoke(user=handler_user)
    assert client.get(f"/rights-requests/calendar/{feed_token}.ics").status_code == 404


def test_issuing_a_new_calendar_token_invalidates_the_old_one(client, handler_user, feed_token):
    new_token = services.calendar_feed_issue(user=handler_user)
    assert client.get(f"/rights-requests/calendar/{feed_token}.ics").status_code == 404
    assert client.get(f"/rights-requests/calendar/{new_token}.ics").status_code == 200


def test_calendar_tokens_are_stored_only_as_keyed_hashes(handler_user, feed_token):
    feed = CalendarFeed.objects.get(user=handler_user)
    assert feed_token not in feed.token_hash and len(feed.token_hash) == 64


def test_staff_create_their_feed_url_in_the_admin_and_it_works(handler_client, client, handler_user):
    _due_in(3, assignee=handler_user, reference="RR-ADMIN")
    page = handler_client.post("/admin/rights_requests/rightsrequest/calendar-feed/")
    url = page.context["feed_url"]
    assert url and url in page.content.decode()
    assert b"RR-ADMIN" in client.get(url.removeprefix("http://testserver")).content

"""The admin index shows the data protection contact what needs attention, with links, in constant queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from retention.models import PurgeRun
from rights_requests.models import RightsRequest
from subprocessors.models import SubprocessorChange
from tests.factories.legal_basis import approved_activity
from tests.factories.rights_requests import RightsRequestFactory
from tests.factories.subprocessors import SubprocessorFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _received(days_ago: int) -> dict:
    return {"received_at": timezone.now() - dt.timedelta(days=days_ago)}


def _section(response, title):
    return next(section for section in response.context["dashboard"] if section.title == title)


def _figure(section, label):
    return next(figure for figure in section.figures if figure.label == label)


def _purge_run(status, *, hours_ago: float) -> PurgeRun:
    at = timezone.now() - dt.timedelta(hours=hours_ago)
    return PurgeRun.objects.create(
        status=status, trigger=PurgeRun.Trigger.SCHEDULE, started_at=at, ended_at=at, heartbeat_at=at, host="h", pid=1
    )


def _upcoming_change(days_ahead: int) -> SubprocessorChange:
    subprocessor = SubprocessorFactory()
    return SubprocessorChange.objects.create(
        subprocessor=subprocessor,
        kind=SubprocessorChange.Kind.ADDITION,
        summary="We will start using a new host.",
        new_locations=["DE"],
        announced_at=timezone.now() - dt.timedelta(days=31 - days_ahead),
        effective_from=timezone.localdate() + dt.timedelta(days=days_ahead),
    )


def test_dashboard_counts_overdue_due_this_week_and_paused_requests(dpc_client):
    overdue = RightsRequestFactory(**_received(40))
    due_soon = RightsRequestFactory(**_received(27))
    RightsRequestFactory(**_received(1))
    RightsRequestFactory(status=RightsRequest.Status.AWAITING_IDENTITY, paused_since=timezone.now(), **_received(35))
    section = _section(dpc_client.get("/admin/"), "Rights requests")
    assert [(f.label, f.value) for f in section.figures] == [
        ("Overdue", 1),
        ("Due this week", 1),
        ("Paused (awaiting identity)", 1),
    ]
    assert section.tone == "alert"
    assert [row[0] for row in section.rows] == [overdue.reference, due_soon.reference]


def test_each_request_figure_links_to_the_changelist_listing_exactly_those(dpc_client):
    overdue = RightsRequestFactory(**_received(40))
    due_soon = RightsRequestFactory(**_received(27))
    paused = RightsRequestFactory(
        status=RightsRequest.Status.AWAITING_IDENTITY, paused_since=timezone.now(), **_received(35)
    )
    section = _section(dpc_client.get("/admin/"), "Rights requests")
    for label, expected in (("Overdue", overdue), ("Due this week", due_soon), ("Paused (awaiting identity)", paused)):
        listed = dpc_client.get(_figure(section, label).url).context["cl"].result_list
        assert [r.pk for r in listed] == [expected.pk], label


def test_purge_card_is_red_when_no_run_ever_happened(dpc_client):
    section = _section(dpc_client.get("/admin/"), "Nightly purge")
    assert section.tone == "alert" and "No purge has run yet" in section.note


def test_purge_card_is_red_when_the_last_run_failed(dpc_client):
    _purge_run(PurgeRun.Status.SUCCEEDED, hours_ago=20)
    _purge_run(PurgeRun.Status.FAILED, hours_ago=1)
    section = _section(dpc_client.get("/admin/"), "Nightly purge")
    assert section.tone == "alert" and "Failed" in section.note


def test_purge_card_is_red_when_the_last_success_is_older_than_26_hours(dpc_client):
    _purge_run(PurgeRun.Status.SUCCEEDED, hours_ago=27)
    section = _section(dpc_client.get("/admin/"), "Nightly purge")
    assert section.tone == "alert" and "26 hours" in section.note


def test_purge_card_is_green_with_counts_after_a_recent_success(dpc_client):
    run = _purge_run(PurgeRun.Status.SUCCEEDED, hours_ago=3)
    run.results.create(category="call_recordings", deleted=120, kept_by_hold=4)
    section = _section(dpc_client.get("/admin/"), "Nightly purge")
    assert section.tone == "ok"
    assert section.rows[0][1].startswith("120 deleted") and "4 kept by hold" in section.rows[0][1]


def test_upcoming_subprocessor_changes_show_their_effective_date_and_days_left(dpc_client):
    _upcoming_change(days_ahead=12)
    section = _section(dpc_client.get("/admin/"), "Sub-processors")
    assert _figure(section, "Upcoming changes").value == 1
    assert "(12 days)" in section.rows[0][1]


def test_register_card_shows_reviews_due(dpc_client):
    approved_activity()  # next review in 300 days
    activity = approved_activity()
    activity.next_review_on = timezone.localdate() + dt.timedelta(days=10)
    activity.save()
    section = _section(dpc_client.get("/admin/"), "Processing register")
    assert _figure(section, "Reviews due within 30 days").value == 1
    assert _figure(section, "Check findings").value == 0


def test_staff_without_permissions_see_no_dashboard_sections(db, client, django_user_model):
    user = django_user_model.objects.create_user("plain", password="x", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/").context["dashboard"] == []


def _index_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/").status_code == 200
    return len(queries)


def test_dashboard_runs_a_constant_number_of_queries(dpc_client):
    def add_data(n):
        for i in range(n):
            RightsRequestFactory(**_received(40 if i % 2 else 27))
            _upcoming_change(days_ahead=5 + i % 20)
            approved_activity()
        run = _purge_run(PurgeRun.Status.SUCCEEDED, hours_ago=2)
        for category in ("call_recordings", "transcripts", "call_records")[: min(n, 3)]:
            run.results.create(category=category, deleted=n)

    add_data(1)
    small = _index_queries(dpc_client)
    add_data(15)
    assert _index_queries(dpc_client) == small

"""Logging an e-mailed request in a real Chromium at 1366×768: four interactions, the due date before saving."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from rights_requests import deadlines
from rights_requests.models import RightsRequest
from tests.browser import launched_chromium, page_recording_errors, sign_in

pytestmark = pytest.mark.browser
ADD = "/admin/rights_requests/rightsrequest/add/"


@pytest.fixture(scope="module")
def browser():
    yield from launched_chromium()


@pytest.fixture
def page(browser):
    with page_recording_errors(browser) as page:
        page.set_viewport_size({"width": 1366, "height": 768})
        yield page


def _label(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def test_logging_an_emailed_request_takes_four_interactions_and_shows_the_due_date_first(
    page, live_server, handler_user
):
    sign_in(page, live_server, handler_user)
    page.goto(f"{live_server.url}{ADD}")
    due = deadlines.due_date(deadlines.brussels_date(timezone.now()))
    panel = page.locator("#rr-deadlines")
    assert panel.is_visible() and panel.bounding_box()["y"] < 768  # above the fold
    assert _label(due) in panel.locator('[data-deadline="due_on"]').inner_text()

    interactions = [
        lambda: page.get_by_label("Requester name").fill("Sofie Peeters"),
        lambda: page.get_by_label("Requester's email").fill("sofie@example.be"),
        lambda: page.get_by_label("Access (Art. 15)").check(),
        lambda: page.get_by_role("button", name="Save", exact=True).click(),
    ]
    for interaction in interactions:
        interaction()
    page.wait_for_url(re.compile(r"/admin/rights_requests/rightsrequest/\d+/change/"))

    created = RightsRequest.objects.get()
    assert (created.channel, created.assignee, created.rights) == ("email", handler_user, ["access"])
    assert page.get_by_text(f"{created.reference} is logged").is_visible()
    assert _label(created.due_on) == _label(due)
    assert page.console_errors == []


def test_intake_deadlines_follow_the_date_of_receipt_as_it_is_typed(page, live_server, handler_user):
    sign_in(page, live_server, handler_user)
    page.goto(f"{live_server.url}{ADD}")
    received_on = timezone.localdate() - dt.timedelta(days=20)
    page.locator("#id_received_at_0").fill(received_on.isoformat())
    due = page.locator('#rr-deadlines [data-deadline="due_on"]')
    legal = page.locator('#rr-deadlines [data-deadline="legal_deadline"]')
    due.filter(has_text=_label(deadlines.due_date(received_on))).wait_for()
    assert legal.inner_text() == _label(deadlines.legal_deadline(received_on))
    assert page.console_errors == []

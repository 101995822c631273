"""One-screen intake: presets, the live deadlines endpoint, the assignee choices and the saved message."""

import datetime as dt

from django.utils import timezone

from rights_requests import deadlines
from rights_requests.models import RightsRequest

ADD = "/admin/rights_requests/rightsrequest/add/"
DEADLINES = "/admin/rights_requests/rightsrequest/intake-deadlines/"


def test_add_form_presets_email_now_and_the_person_logging_it(handler_user, handler_client):
    form = handler_client.get(ADD).context["adminform"].form
    assert form.initial["channel"] == "email"
    assert abs(form.initial["received_at"] - timezone.now()) < dt.timedelta(minutes=1)
    assert form.initial["assignee"] == handler_user.pk


def test_add_form_offers_only_people_who_may_handle_requests(dpc_user, handler_user, auditor_user, handler_client):
    form = handler_client.get(ADD).context["adminform"].form
    assert set(form.fields["assignee"].queryset) == {dpc_user, handler_user}


def test_add_form_shows_the_deadlines_of_a_request_received_now_at_the_top(handler_client):
    page = handler_client.get(ADD).content.decode()
    received_on = deadlines.brussels_date(timezone.now())
    due = deadlines.due_date(received_on)
    assert page.index('id="rr-deadlines"') < page.index('name="requester_name"')
    assert f"{due.day} {due:%b %Y}" in page
    assert "rights_requests/intake.js" in page


def test_deadlines_endpoint_answers_the_engine_dates_for_the_date_typed(handler_client):
    response = handler_client.get(DEADLINES, {"date": "2026-01-31", "time": "10:00"})
    assert response.status_code == 200
    received_on = dt.date(2026, 1, 31)
    assert response.json()["legal_deadline"] == deadlines.legal_deadline(received_on).isoformat()
    assert response.json()["sla_deadline"] == deadlines.sla_deadline(received_on).isoformat()
    assert response.json()["due_on"] == deadlines.due_date(received_on).isoformat()


def test_deadlines_endpoint_refuses_a_date_it_cannot_read_with_a_clear_error(handler_client):
    response = handler_client.get(DEADLINES, {"date": "31/31/2026", "time": "10:00"})
    assert response.status_code == 400
    assert "valid date" in response.json()["error"]


def test_deadlines_endpoint_is_for_staff_only(client):
    assert client.get(DEADLINES, {"date": "2026-01-31"}).status_code == 302


def test_saving_an_emailed_request_says_its_reference_and_due_date(handler_client):
    received = timezone.localtime().replace(microsecond=0) - dt.timedelta(hours=1)
    response = handler_client.post(
        ADD,
        {"requester_name": "Sofie Peeters", "requester_email": "sofie@example.be", "rights": ["access"],
         "channel": "email", "received_at_0": f"{received:%Y-%m-%d}", "received_at_1": f"{received:%H:%M:%S}",
         "role": "controller"},
        follow=True,
    )  # fmt: skip
    created = RightsRequest.objects.get()
    message = str(list(response.context["messages"])[0])
    assert created.reference in message
    assert f"due {created.due_on.day} {created.due_on:%b %Y}" in message
    assert response.redirect_chain[-1][0].endswith(f"/{created.pk}/change/")

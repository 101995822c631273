"""The time of receipt: neither in the future nor implausibly old, in the service, the admin form and the API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from rights_requests import services
from rights_requests.models import RECEIVED_AT_MAX_AGE, RightsRequest

IMPLAUSIBLE = [
    pytest.param(dt.datetime(1, 1, 1, tzinfo=dt.UTC), id="year-1"),
    pytest.param(dt.datetime(1900, 3, 5, 10, tzinfo=dt.UTC), id="year-1900"),
    pytest.param(timezone.now() - RECEIVED_AT_MAX_AGE - dt.timedelta(days=1), id="over-a-year-ago"),
    pytest.param(timezone.now() + dt.timedelta(days=2), id="future"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("received_at", IMPLAUSIBLE)
def test_service_refuses_the_request_when_received_at_is_implausible(received_at):
    with pytest.raises(ValidationError) as error:
        services.rights_request_create(
            requester_name="Jan",
            requester_email="jan@example.be",
            rights=["access"],
            channel="email",
            received_at=received_at,
        )
    assert "received_at" in error.value.message_dict
    assert not RightsRequest.objects.exists()


@pytest.mark.parametrize("received_at", IMPLAUSIBLE)
def test_admin_form_shows_the_reason_when_received_at_is_implausible(handler_client, received_at):
    response = handler_client.post(
        "/admin/rights_requests/rightsrequest/add/",
        {
            "requester_name": "Jan",
            "requester_email": "jan@example.be",
            "rights": ["access"],
            "channel": "email",
            "received_at_0": f"{received_at.year:04d}-{received_at.month:02d}-{received_at.day:02d}",
            "received_at_1": "10:00:00",
            "role": "controller",
            "customer": "",
            "assignee": "",
            "details": "",
        },
    )
    assert response.status_code == 200
    assert "The time of receipt cannot be" in response.content.decode()
    assert not RightsRequest.objects.exists()


@pytest.mark.parametrize("received_at", IMPLAUSIBLE)
def test_api_answers_400_with_the_reason_when_received_at_is_implausible(handler_user, received_at):
    client = APIClient()
    client.force_authenticate(handler_user)
    response = client.post(
        "/api/rights-requests/",
        {
            "requester_name": "Jan",
            "requester_email": "jan@example.be",
            "rights": ["access"],
            "channel": "email",
            "received_at": received_at.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "The time of receipt cannot be" in str(response.json()["received_at"])
    assert not RightsRequest.objects.exists()


@pytest.mark.django_db
def test_service_accepts_a_request_received_eleven_months_ago():
    received = timezone.now() - dt.timedelta(days=330)
    request = services.rights_request_create(
        requester_name="Jan", requester_email="jan@example.be", rights=["access"], channel="email", received_at=received
    )
    assert request.received_at == received

"""Finding the subject's data in the platform, linking it, and forwarding it to the controlling customers."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from rights_requests import services
from rights_requests.discovery import subject_footprint
from rights_requests.models import Forwarding, RightsRequest
from tests.factories.platform_data import (
    CallRecordFactory,
    CallRecordingFactory,
    CampaignFactory,
    ContactFactory,
    CustomerFactory,
    TranscriptFactory,
)
from tests.factories.rights_requests import request_via_intake

EMAIL, PHONE = "sofie.peeters@example.be", "+32470000001"


@pytest.fixture
def subject(db):
    """Sofie at two customers: a contact with a recorded call at each, plus an inbound call from her number."""
    first = CampaignFactory(customer=CustomerFactory(name="Brasserie", contact_email="privacy@brasserie.example"))
    second = CampaignFactory(customer=CustomerFactory(name="Energie", contact_email="privacy@energie.example"))
    calls = []
    for campaign in (first, second):
        contact = ContactFactory(campaign=campaign, email=EMAIL, phone=PHONE)
        call = CallRecordFactory(campaign=campaign, contact=contact)
        CallRecordingFactory(call=call)
        TranscriptFactory(call=call)
        calls.append(call)
    calls.append(CallRecordFactory(campaign=second, contact=None, remote_number=PHONE))
    CallRecordFactory()  # somebody else
    return {"campaigns": (first, second), "calls": calls}


def test_footprint_finds_contacts_calls_recordings_and_transcripts_per_campaign(subject):
    footprints = subject_footprint(email="Sofie.Peeters@Example.BE", phone="0470 00 00 01")
    by_campaign = {f.campaign: f for f in footprints}
    first, second = subject["campaigns"]
    assert set(by_campaign) == {first, second}
    assert (len(by_campaign[first].contact_ids), len(by_campaign[first].call_ids)) == (1, 1)
    assert len(by_campaign[second].call_ids) == 2
    assert (by_campaign[second].recordings, by_campaign[second].transcripts) == (1, 1)


def test_footprint_by_email_alone_misses_calls_from_the_number_with_no_contact(subject):
    footprints = subject_footprint(email=EMAIL)
    assert sum(len(f.call_ids) for f in footprints) == 2


def test_footprint_is_empty_when_nothing_matches(db):
    CallRecordFactory()
    assert subject_footprint(email="nobody@example.be", phone="+32499999999") == []


def test_footprint_runs_a_bounded_number_of_queries(subject, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        subject_footprint(email=EMAIL, phone=PHONE)


def test_linking_stores_ids_and_counts_and_marks_each_customer_for_forwarding(subject):
    request = request_via_intake()
    matches = services.rights_request_link_matches(rights_request=request, actor=None)
    assert sum(m.calls for m in matches) == 3
    assert sum(m.recordings for m in matches) == 2
    assert set(Forwarding.objects.filter(rights_request=request).values_list("customer__name", flat=True)) == {
        "Brasserie",
        "Energie",
    }
    messages = list(request.events.filter(kind="data_found").values_list("message", flat=True))
    assert messages[0] == "CallNex's own data (controller): none found."
    assert any(
        m.startswith("Customer #") and "(Energie) campaign data (processor): 1 contact, 2 calls, 1 recording" in m
        for m in messages
    )


def test_linking_again_replaces_the_earlier_links(subject):
    request = request_via_intake()
    services.rights_request_link_matches(rights_request=request, actor=None)
    services.rights_request_link_matches(rights_request=request, actor=None)
    assert request.matches.count() == 2
    assert request.forwardings.count() == 2


def test_forwarding_emails_each_customer_and_records_who_and_when(subject, handler_user):
    brasserie = subject["campaigns"][0].customer
    request = request_via_intake(role="processor", customer=brasserie)
    services.rights_request_link_matches(rights_request=request, actor=handler_user)
    mail.outbox.clear()
    services.rights_request_forward_to_controller(rights_request=request, actor=handler_user)
    assert sorted(m.to[0] for m in mail.outbox) == ["privacy@brasserie.example", "privacy@energie.example"]
    assert all(request.reference in m.subject and "Article 28(3)(e)" in m.body for m in mail.outbox)
    request.refresh_from_db()
    assert request.status == RightsRequest.Status.FORWARDED
    forwarding = request.forwardings.first()
    assert forwarding.forwarded_by == handler_user and forwarding.forwarded_at


def test_forwarding_without_any_customer_is_rejected(db):
    request = request_via_intake()
    with pytest.raises(ValidationError, match="no customer part left to forward"):
        services.rights_request_forward_to_controller(rights_request=request, actor=None)


def test_forwarded_request_closes_once_every_controller_answered(subject):
    request = request_via_intake(role="processor", customer=subject["campaigns"][0].customer)
    services.rights_request_link_matches(rights_request=request, actor=None)
    services.rights_request_forward_to_controller(rights_request=request, actor=None)
    first, second = request.forwardings.all()
    services.forwarding_close(forwarding=first, actor=None, outcome="They handle it themselves.")
    request.refresh_from_db()
    assert not request.is_closed  # still tracked: one controller has not answered
    services.forwarding_close(forwarding=second, actor=None, outcome="Erase on our behalf: done.")
    request.refresh_from_db()
    assert request.is_closed and request.status == RightsRequest.Status.COMPLETED  # every part is closed

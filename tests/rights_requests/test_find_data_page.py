"""The "Find data" page: the identifiers searched, added identifiers, and the records found, linked."""

import datetime as dt

from django.utils import timezone

from rights_requests import services
from rights_requests.models import RightsRequest
from tests.factories.platform_data import AccountUserFactory, CallRecordFactory, CampaignFactory, ContactFactory
from tests.factories.rights_requests import RightsRequestFactory, request_via_intake

CHANGELIST = "/admin/rights_requests/rightsrequest/"
EMAIL, OTHER_EMAIL, OTHER_PHONE = "sofie@example.be", "s.peeters@werk.example", "+32470999888"


def _discover(request: RightsRequest) -> str:
    return f"{CHANGELIST}{request.pk}/workflow/discover/"


def test_find_data_page_names_the_identifiers_and_links_every_record_found(db, handler_client):
    request = RightsRequestFactory(requester_email=EMAIL, requester_phone="", status="in_progress")
    contact = ContactFactory(campaign=CampaignFactory(name="Winter renewal"), email=EMAIL)
    call = CallRecordFactory(campaign=contact.campaign, contact=contact)
    user = AccountUserFactory(email=EMAIL)
    page = handler_client.get(_discover(request)).content.decode()
    assert f"email: <strong>{EMAIL}</strong>" in page
    assert f'href="/admin/platform_data/contact/{contact.pk}/change/"' in page
    assert f'href="/admin/platform_data/callrecord/{call.pk}/change/"' in page
    assert f'href="/admin/platform_data/accountuser/{user.pk}/change/"' in page
    assert "Winter renewal" in page


def test_find_data_with_an_added_email_and_phone_links_what_only_they_find(db, handler_client):
    request = RightsRequestFactory(requester_email=EMAIL, requester_phone="", status="in_progress")
    at_work = ContactFactory(email=OTHER_EMAIL)
    by_phone = ContactFactory(phone=OTHER_PHONE)
    response = handler_client.post(_discover(request), {"email": OTHER_EMAIL.upper(), "phone": "0470 99 98 88"})
    assert response.status_code == 302 and response["Location"] == _discover(request)
    request.refresh_from_db()
    assert request.other_identifiers == [OTHER_EMAIL, OTHER_PHONE]
    assert {m.campaign_id for m in request.matches.all()} == {at_work.campaign_id, by_phone.campaign_id}
    page = handler_client.get(_discover(request)).content.decode()
    assert f"Added email: <strong>{OTHER_EMAIL}</strong>" in page
    assert f"Added phone: <strong>{OTHER_PHONE}</strong>" in page
    assert request.events.filter(
        message="Identifiers to search by added: 1 email address(es), 1 phone number(s)."
    ).exists()


def test_find_data_refuses_a_phone_it_cannot_read_and_keeps_the_request_as_it_was(db, handler_client):
    request = RightsRequestFactory(requester_email=EMAIL, requester_phone="", status="in_progress")
    response = handler_client.post(_discover(request), {"phone": "call me maybe"})
    assert response.status_code == 200
    assert b"Enter a phone number" in response.content
    request.refresh_from_db()
    assert request.other_identifiers == [] and not request.events.exists()


def test_added_identifiers_are_anonymised_with_the_request(db):
    request = request_via_intake()
    services.rights_request_add_identifiers(rights_request=request, actor=None, emails=[OTHER_EMAIL])
    services.rights_request_refuse(rights_request=request, actor=None, reason="other", text="No.")
    RightsRequest.objects.filter(pk=request.pk).update(closed_at=timezone.now() - dt.timedelta(days=4 * 365))
    services.rights_requests_anonymise_closed(closed_before=timezone.now() - dt.timedelta(days=3 * 365))
    request.refresh_from_db()
    assert request.other_identifiers == []
    assert all(not row for row in request.history.values_list("other_identifiers", flat=True))

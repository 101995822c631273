"""The date staff work to: a processor-only request runs on its customer part's DPA deadline, everywhere.

One rule (`RightsRequestQuerySet.with_parts_due`, read back by `RightsRequest.worklist_due_on`) feeds
the worklist column, its urgency filter, the API's urgency filter, the dashboard's overdue and
due-this-week counts and the digest. A request with a part of CallNex's own keeps the Art. 12(3) date.
"""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from callnex_compliance.dashboard import requests_section
from callnex_compliance.platform_data.models import OrganisationProfile
from rights_requests import services
from rights_requests.models import Forwarding, RightsRequest
from rights_requests.selectors import brussels_today, rights_requests_due_soon
from tests.factories.platform_data import (
    AccountUserFactory,
    CallRecordFactory,
    CampaignFactory,
    ContactFactory,
    CustomerFactory,
)
from tests.factories.rights_requests import request_via_intake

EMAIL, PHONE = "an.vermeulen@example.be", "+32470000009"


@pytest.fixture
def customer(db):
    profile = OrganisationProfile.get_solo()
    profile.dpa_assistance_days = 3
    profile.save()
    customer = CustomerFactory(name="Energie Vlaanderen NV")
    contact = ContactFactory(campaign=CampaignFactory(customer=customer), email=EMAIL, phone=PHONE)
    CallRecordFactory(campaign=contact.campaign, contact=contact)
    return customer


def _forwarded(**kwargs) -> RightsRequest:
    request = request_via_intake(requester_email=EMAIL, requester_phone=PHONE, rights=["erasure"], **kwargs)
    services.rights_request_link_matches(rights_request=request, actor=None)
    services.rights_request_forward_to_controller(rights_request=request, actor=None)
    return RightsRequest.objects.get(pk=request.pk)


def _part_overdue(request: RightsRequest, days: int = 2) -> None:
    Forwarding.objects.filter(rights_request=request).update(due_on=brussels_today() - dt.timedelta(days=days))


def _figures() -> dict[str, int]:
    return {figure.label: figure.value for figure in requests_section(brussels_today()).figures}


def test_dashboard_counts_a_processor_only_request_due_this_week_on_its_customer_part_s_deadline(customer):
    request = _forwarded(role="processor", customer=customer)
    assert request.due_on > brussels_today() + dt.timedelta(days=7)  # the Art. 12(3) date is weeks away
    assert _figures()["Due this week"] == 1 and _figures()["Overdue"] == 0
    assert list(rights_requests_due_soon()) == [request]  # the assignee's digest lists it too


def test_dashboard_and_both_urgency_filters_show_a_processor_only_request_overdue_once_its_part_s_deadline_passed(
    customer, handler_client, handler_user
):
    request = _forwarded(role="processor", customer=customer)
    _part_overdue(request)
    assert _figures()["Overdue"] == 1 and _figures()["Due this week"] == 0
    page = handler_client.get("/admin/rights_requests/rightsrequest/?urgency=overdue").content.decode()
    assert request.reference in page
    assert (
        request.reference
        not in handler_client.get("/admin/rights_requests/rightsrequest/?urgency=green").content.decode()
    )
    api = APIClient()
    api.force_authenticate(handler_user)
    listed = api.get("/api/rights-requests/?urgency=overdue").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["reference"] for row in rows] == [request.reference]
    assert rows[0]["urgency"] == "overdue"


def test_a_request_with_callnex_s_own_part_keeps_the_art_12_3_date_whatever_its_customer_parts(customer):
    AccountUserFactory(email=EMAIL)  # CallNex's own data: our Art. 12(3) clock governs
    request = _forwarded(role="processor", customer=customer)
    _part_overdue(request)
    assert request.has_own_part
    assert _figures()["Overdue"] == 0 and _figures()["Due this week"] == 0
    assert RightsRequest.objects.with_parts_due().get(pk=request.pk).worklist_due_on == request.due_on


def test_the_row_and_the_query_give_the_same_date_staff_work_to(customer):
    processor_only = _forwarded(role="processor", customer=customer)
    _part_overdue(processor_only, days=1)
    controller = _forwarded()  # a controller request whose customer part is forwarded too
    not_forwarded = request_via_intake(requester_email="x@example.be", requester_phone="", role="processor",
                                       customer=customer)  # fmt: skip
    annotated = {r.pk: r.worklist_due_on for r in RightsRequest.objects.with_parts_due()}
    plain = {r.pk: r.worklist_due_on for r in RightsRequest.objects.all()}
    assert annotated == plain
    assert plain[processor_only.pk] == brussels_today() - dt.timedelta(days=1)
    assert plain[controller.pk] == controller.due_on and plain[not_forwarded.pk] == not_forwarded.due_on

"""A suppression is lifted only by the data protection contact, with a reason, and never deleted (finding 4)."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from rights_requests import selectors, services
from rights_requests.models import RightsRequest, RightsRequestEvent, SuppressionEntry
from tests.factories import CustomerFactory
from tests.factories.rights_requests import instruct, request_via_intake

pytestmark = pytest.mark.django_db
PHONE = "+32470000001"
CHANGELIST = "/admin/rights_requests/suppressionentry/"


def _suppressed(customer, **request_fields) -> SuppressionEntry:
    """Suppress the number on the customer's 'object' instruction (Art. 21(3)), the only way to add one."""
    rights_request = request_via_intake(
        rights=["objection"],
        requester_phone=PHONE,
        role=RightsRequest.Role.PROCESSOR,
        customer=customer,
        **request_fields,
    )
    instruct(rights_request, customer, "object")
    return services.rights_request_suppress(rights_request=rights_request, actor=None, customer=customer)


@pytest.fixture
def own_entry():
    """A global entry kept from before entries were per customer, on a request CallNex answered as controller."""
    rights_request = request_via_intake(rights=["objection"], requester_phone=PHONE)
    return SuppressionEntry.objects.create(phone_hash=selectors.suppression_hash(PHONE), rights_request=rights_request)


@pytest.fixture
def customer_entry():
    return _suppressed(CustomerFactory())


@pytest.mark.parametrize("client_fixture", ["handler_client", "dpc_client"])
def test_nobody_deletes_a_suppression(request, client_fixture, own_entry):
    client = request.getfixturevalue(client_fixture)
    delete_url = reverse("admin:rights_requests_suppressionentry_delete", args=[own_entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    client.post(CHANGELIST, {"action": "delete_selected", ACTION_CHECKBOX_NAME: [own_entry.pk], "post": "yes"})
    assert SuppressionEntry.objects.filter(pk=own_entry.pk, lifted_at__isnull=True).exists()


def test_a_handler_cannot_lift_a_suppression(handler_client, handler_user, own_entry):
    form = {"action": "lift", ACTION_CHECKBOX_NAME: [own_entry.pk], "apply": "1", "reason": "x"}
    handler_client.post(CHANGELIST, form)
    assert selectors.is_suppressed(PHONE, customer=None)
    with pytest.raises(PermissionDenied):
        services.suppression_lift(entry=own_entry, actor=handler_user, reason="Asked to")


def test_the_dpc_lifts_a_suppression_with_a_reason_and_it_is_recorded(dpc_client, dpc_user, own_entry):
    form = {"action": "lift", ACTION_CHECKBOX_NAME: [own_entry.pk], "apply": "1"}
    page = dpc_client.post(CHANGELIST, {**form, "reason": ""})
    assert page.status_code == 200 and b"This field is required" in page.content
    assert selectors.is_suppressed(PHONE, customer=None)
    response = dpc_client.post(CHANGELIST, {**form, "reason": "The person withdrew the objection in writing."})
    assert response.status_code == 302
    assert not selectors.is_suppressed(PHONE, customer=None)
    entry = SuppressionEntry.objects.get(pk=own_entry.pk)
    assert entry.lifted_by == dpc_user and entry.lift_reason.startswith("The person withdrew")
    assert entry.history.first().history_user == dpc_user
    assert RightsRequestEvent.objects.filter(kind=RightsRequestEvent.Kind.SUPPRESSION_LIFTED).count() == 1


def test_a_suppression_on_customer_data_needs_the_customers_instruction(dpc_user, customer_entry):
    with pytest.raises(ValidationError, match="customer's instruction"):
        services.suppression_lift(entry=customer_entry, actor=dpc_user, reason="Customer asked")
    assert selectors.is_suppressed(PHONE, customer=customer_entry.customer)
    services.suppression_lift(
        entry=customer_entry,
        actor=dpc_user,
        reason="Customer asked",
        instruction_reference="TICKET-812",
        instructed_on=dt.date(2026, 11, 30),
    )
    assert not selectors.is_suppressed(PHONE, customer=customer_entry.customer)
    event = RightsRequestEvent.objects.get(kind=RightsRequestEvent.Kind.SUPPRESSION_LIFTED)
    assert "TICKET-812" in event.message


def test_a_new_objection_suppresses_a_lifted_number_again(dpc_user, customer_entry):
    customer = customer_entry.customer
    services.suppression_lift(
        entry=customer_entry,
        actor=dpc_user,
        reason="Withdrawn objection",
        instruction_reference="TICKET-900",
        instructed_on=dt.date(2026, 11, 30),
    )
    assert not selectors.is_suppressed(PHONE, customer=customer)
    _suppressed(customer, requester_email="again@example.be")
    assert selectors.is_suppressed(PHONE, customer=customer)
    assert SuppressionEntry.objects.get().lift_reason == ""


def test_an_objection_to_one_customer_does_not_block_another_customer_s_campaigns(customer_entry):
    other = CustomerFactory()
    assert selectors.is_suppressed(PHONE, customer=customer_entry.customer)
    assert not selectors.is_suppressed(PHONE, customer=other)
    _suppressed(other, requester_email="other@example.be")  # the other customer's own objection: its own entry
    assert selectors.is_suppressed(PHONE, customer=other)
    assert SuppressionEntry.objects.count() == 2


def test_a_global_entry_blocks_every_customer_and_the_admin_says_so(dpc_client, own_entry):
    assert selectors.is_suppressed(PHONE, customer=CustomerFactory())
    assert b"Every customer (global)" in dpc_client.get(CHANGELIST).content


def test_existing_entries_move_to_the_customer_of_a_single_customer_request_and_others_stay_global(own_entry):
    from django.apps import apps

    migration = __import__(
        "rights_requests.migrations.0006_own_part_refusal_and_suppression_per_customer", fromlist=["x"]
    )
    single = _suppressed(CustomerFactory(), requester_email="single@example.be")
    SuppressionEntry.objects.filter(pk=single.pk).update(customer=None, phone_hash="0" * 64)
    migration.assign_entries_to_their_customer(apps, None)
    single.refresh_from_db()
    own_entry.refresh_from_db()
    assert single.customer == single.rights_request.customer
    assert own_entry.customer is None

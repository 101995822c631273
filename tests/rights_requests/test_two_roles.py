"""One request, two roles: CallNex's own data handled by CallNex; each customer's part only on its instruction.

Each test reproduces a finding of the legal review (issue 11).
"""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from callnex_compliance.platform_data.models import (
    AccountUser,
    CallRecord,
    Contact,
    Invoice,
    OrganisationProfile,
    SupportTicket,
)
from rights_requests import services
from rights_requests.models import RightsRequest, RightsRequestLetter
from rights_requests.selectors import brussels_today
from tests.factories.legal_basis import PersonalDataCategoryFactory, RecipientCategoryFactory, approved_activity
from tests.factories.platform_data import (
    AccountUserFactory,
    CallRecordFactory,
    CampaignFactory,
    ContactFactory,
    CustomerFactory,
    InvoiceFactory,
    SupportTicketFactory,
    TicketMessageFactory,
)
from tests.factories.retention import LegalHoldFactory
from tests.factories.rights_requests import instruct, request_via_intake
from tests.factories.subprocessors import SubprocessorFactory

EMAIL, PHONE = "sofie.peeters@example.be", "+32470000001"
URL = "/api/rights-requests/"


def _contact_with_call(customer):
    contact = ContactFactory(campaign=CampaignFactory(customer=customer), email=EMAIL, phone=PHONE)
    CallRecordFactory(campaign=contact.campaign, contact=contact)
    return contact


@pytest.fixture
def two_customers(db):
    a = CustomerFactory(name="Brasserie Delvaux SRL")
    b = CustomerFactory(name="Energie Vlaanderen NV")
    return {"a": a, "b": b, "contact_a": _contact_with_call(a), "contact_b": _contact_with_call(b)}


def _searched(**kwargs) -> RightsRequest:
    request = request_via_intake(**kwargs)
    services.rights_request_link_matches(rights_request=request, actor=None)
    request.refresh_from_db()
    return request


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _today() -> dt.date:
    return brussels_today()


# Cross-customer erasure and action before instruction


def test_erasure_on_customer_a_s_instruction_leaves_customer_b_s_data_when_both_hold_the_subject(
    two_customers, dpc_user
):
    request = _searched(rights=["erasure"], role="processor", customer=two_customers["a"])
    instruct(request, two_customers["a"], "erase")
    services.rights_request_approve_erasure(rights_request=request, actor=dpc_user, customer=two_customers["a"])
    assert not Contact.objects.filter(pk=two_customers["contact_a"].pk).exists()
    assert Contact.objects.filter(pk=two_customers["contact_b"].pk).exists()
    assert CallRecord.objects.filter(contact=two_customers["contact_b"]).count() == 1


@pytest.mark.parametrize(
    ("path", "instruction"),
    [("approve-erasure", "erase"), ("export", "export"), ("restrict", "restrict"), ("suppress", "object")],
)
def test_fulfilment_on_a_customer_part_is_refused_when_the_customer_gave_no_matching_instruction(
    two_customers, dpc_user, path, instruction
):
    request = _searched(rights=["access", "erasure", "restriction", "objection"])
    services.rights_request_forward_to_controller(rights_request=request, actor=None)
    client = _api(dpc_user)
    customer = two_customers["a"].pk
    response = client.post(f"{URL}{request.pk}/{path}/", {"customer": customer}, format="json")
    assert response.status_code == 400 and "no instruction is recorded yet" in str(response.json())
    other = "no_action" if instruction != "export" else "erase"
    body = {"customer": customer, "instruction": other, "received_on": _today().isoformat()}
    if other == "no_action":
        body["customer"] = two_customers["b"].pk  # B says no action; A still has not instructed
    client.post(f"{URL}{request.pk}/record-instruction/", body, format="json")
    response = client.post(f"{URL}{request.pk}/{path}/", {"customer": customer}, format="json")
    assert response.status_code == 400 and "Art. 28(3)(a)" in str(response.json())
    assert Contact.objects.get(pk=two_customers["contact_a"].pk).processing_restricted_at is None
    assert Contact.objects.filter(email=EMAIL).count() == 2 and not request.exports.exists()


def test_rectify_on_a_customer_part_without_its_instruction_changes_nothing(two_customers):
    request = _searched(rights=["rectification"])
    with pytest.raises(ValidationError, match="has not instructed us to rectify"):
        services.rights_request_rectify(rights_request=request, actor=None, name="X", customer=two_customers["a"])
    assert Contact.objects.get(pk=two_customers["contact_a"].pk).name != "X"


def test_campaign_data_is_not_touched_by_an_action_without_a_customer(two_customers, dpc_user):
    # The old erasure of a "controller" request deleted every customer's campaign data.
    AccountUserFactory(email=EMAIL)
    request = _searched(rights=["erasure"])
    services.rights_request_verify_identity(rights_request=request, actor=None)
    services.rights_request_approve_erasure(rights_request=request, actor=dpc_user)
    assert Contact.objects.filter(email=EMAIL).count() == 2
    assert not AccountUser.objects.filter(email=EMAIL).exists()


# CallNex's own part and identity


@pytest.mark.parametrize("path", ["export", "approve-erasure", "rectify", "restrict"])
def test_own_data_is_not_exported_or_changed_before_identity_is_verified(db, dpc_user, path):
    user = AccountUserFactory(email=EMAIL, name="Sofie Peeters")
    request = _searched(rights=["access", "erasure", "rectification", "restriction"])
    response = _api(dpc_user).post(f"{URL}{request.pk}/{path}/", {"name": "Someone Else"}, format="json")
    assert response.status_code == 400 and "Verify the requester's identity" in str(response.json())
    user.refresh_from_db()
    assert user.name == "Sofie Peeters" and user.processing_restricted_at is None
    assert not request.exports.exists()


def test_forwarding_may_happen_at_once_before_identity_and_leaves_identity_unverified(two_customers):
    request = _searched(rights=["erasure"])
    services.rights_request_forward_to_controller(rights_request=request, actor=None)
    request.refresh_from_db()
    assert request.forwardings.filter(forwarded_at__isnull=False).count() == 2
    assert not request.is_identity_verified
    services.rights_request_ask_identity(rights_request=request, actor=None, information_needed="ID")  # still possible


def test_identity_cannot_be_asked_once_verified(db):
    request = request_via_intake()
    services.rights_request_verify_identity(rights_request=request, actor=None)
    with pytest.raises(ValidationError, match="already verified"):
        services.rights_request_ask_identity(rights_request=request, actor=None, information_needed="ID")


def test_identity_cannot_be_asked_once_the_request_is_overdue(db):
    request = request_via_intake(received_at=timezone.now() - dt.timedelta(days=45))
    due_before = request.due_on
    with pytest.raises(ValidationError, match="overdue"):
        services.rights_request_ask_identity(rights_request=request, actor=None, information_needed="ID")
    request.refresh_from_db()
    assert request.due_on == due_before and request.status == RightsRequest.Status.RECEIVED


def test_pause_ends_on_the_day_the_answer_was_received_not_the_day_staff_click(db):
    request = request_via_intake(received_at=timezone.now() - dt.timedelta(days=8))
    services.rights_request_ask_identity(rights_request=request, actor=None, information_needed="ID")
    RightsRequest.objects.filter(pk=request.pk).update(paused_since=timezone.now() - dt.timedelta(days=6))
    request = services.rights_request_verify_identity(
        rights_request=request, actor=None, answer_received_on=_today() - dt.timedelta(days=4), note="Passport seen."
    )
    assert request.paused_days == 2
    assert request.identity_check_note == "Passport seen."


def test_pause_answer_date_before_the_ask_or_in_the_future_is_rejected(db):
    request = request_via_intake()
    services.rights_request_ask_identity(rights_request=request, actor=None, information_needed="ID")
    for day in (_today() - dt.timedelta(days=3), _today() + dt.timedelta(days=1)):
        with pytest.raises(ValidationError, match="must have arrived"):
            services.rights_request_verify_identity(rights_request=request, actor=None, answer_received_on=day)


# Forwarding


def test_forwarding_to_a_customer_without_a_privacy_contact_is_blocked_never_stamped_sent(two_customers, handler_user):
    type(two_customers["b"]).objects.filter(pk=two_customers["b"].pk).update(contact_email="")
    request = _searched()
    mail.outbox.clear()
    response = _api(handler_user).post(f"{URL}{request.pk}/forward/", {}, format="json")
    assert response.status_code == 400
    assert "has no privacy contact email" in str(response.json()) and "Energie Vlaanderen NV" in str(response.json())
    assert not request.forwardings.filter(forwarded_at__isnull=False).exists() and mail.outbox == []
    # The customer with a contact can still be forwarded on its own.
    ok = _api(handler_user).post(f"{URL}{request.pk}/forward/", {"customer": two_customers["a"].pk}, format="json")
    assert ok.status_code == 200
    assert [f.state for f in request.forwardings.order_by("customer__name")] == [
        "forwarded",
        "blocked: no privacy contact",
    ]


def test_processor_part_is_due_on_the_dpa_assistance_deadline(two_customers):
    profile = OrganisationProfile.get_solo()
    profile.dpa_assistance_days = 5
    profile.save()
    request = _searched()
    services.rights_request_forward_to_controller(rights_request=request, actor=None)
    assert set(request.forwardings.values_list("due_on", flat=True)) == {_today() + dt.timedelta(days=5)}
    assert request.due_on == RightsRequest.objects.get(pk=request.pk).due_date  # our own part keeps Art. 12(3)


def test_find_data_returns_the_own_part_and_each_customer_part_apart(two_customers, handler_user):
    AccountUserFactory(email=EMAIL, customer=two_customers["a"])
    request = request_via_intake()
    body = _api(handler_user).post(f"{URL}{request.pk}/find-data/").json()
    assert body["controller"]["account_users"] == 1 and body["controller"]["identity_verified"] is False
    assert [(c["customer"], c["contacts"], c["calls"]) for c in body["customers"]] == [
        (two_customers["a"].pk, 1, 1),
        (two_customers["b"].pk, 1, 1),
    ]


# Truthful answers


def test_no_data_held_is_a_completion_with_its_own_letter_not_a_refusal(db):
    request = _searched()
    request = services.rights_request_complete(rights_request=request, actor=None, outcome="no_data")
    assert request.status == RightsRequest.Status.COMPLETED and request.refusal_reason == ""
    letter = request.letters.get(kind=RightsRequestLetter.Kind.NO_DATA)
    assert "holds no personal data about you" in letter.body and "cannot act" not in letter.body
    assert "no_data_found" not in RightsRequest.RefusalReason.values


def test_refusal_reasons_name_the_article_they_rest_on():
    labels = [str(label) for value, label in RightsRequest.RefusalReason.choices if value != "other"]
    assert all(any(ref in label for ref in ("12(5)", "12(6)", "17(3)", "23")) for label in labels)


def test_no_data_answer_is_refused_when_callnex_holds_own_data(db):
    AccountUserFactory(email=EMAIL)
    request = _searched()
    with pytest.raises(ValidationError, match="holds data of its own"):
        services.rights_request_complete(rights_request=request, actor=None, outcome="no_data")


def test_completion_letter_says_what_was_kept_and_why_with_the_complaint_and_remedy_notice(db, dpc_user):
    AccountUserFactory(email=EMAIL)
    InvoiceFactory(sent_to_email=EMAIL)
    request = _searched(rights=["erasure"])
    services.rights_request_verify_identity(rights_request=request, actor=None)
    services.rights_request_approve_erasure(rights_request=request, actor=dpc_user)
    request = services.rights_request_complete(rights_request=request, actor=None)
    body = request.letters.get(kind="completion").body
    assert "has been erased" not in body
    assert "erased 1 account user(s)" in body
    assert "kept 1 invoice(s): Belgian VAT Code" in body and "Art. 17(3)(b)" in body
    assert "judicial remedy" in body and "Data Protection Authority" in body
    assert Invoice.objects.count() == 1 and not AccountUser.objects.exists()


def test_completion_letter_lists_what_a_legal_hold_kept_in_a_customer_part(two_customers, dpc_user):
    LegalHoldFactory(campaign=two_customers["contact_a"].campaign)
    AccountUserFactory(email=EMAIL)
    request = _searched(rights=["erasure"])
    services.rights_request_verify_identity(rights_request=request, actor=None)
    instruct(request, two_customers["a"], "erase")
    instruct(request, two_customers["b"], "no_action")
    services.rights_request_approve_erasure(rights_request=request, actor=dpc_user, customer=two_customers["a"])
    services.rights_request_approve_erasure(rights_request=request, actor=dpc_user)
    request = services.rights_request_complete(rights_request=request, actor=None)
    body = request.letters.get(kind="completion").body
    assert "legal hold (Art. 17(3)(e))" in body and "judicial remedy" in body


# Access (Art. 15)


def _zip(export) -> zipfile.ZipFile:
    with export.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_own_access_export_includes_data_the_person_asked_to_restrict(db):
    AccountUserFactory(email=EMAIL, processing_restricted_at=timezone.now())
    ticket = SupportTicketFactory(requester_email=EMAIL)
    TicketMessageFactory(ticket=ticket, body="My login does not work.")
    request = _searched(rights=["access"])
    services.rights_request_verify_identity(rights_request=request, actor=None)
    export = services.rights_request_export(rights_request=request, actor=None)
    archive = _zip(export)
    users = json.loads(archive.read("account_users.json"))
    assert len(users) == 1 and users[0]["restricted"] is True
    assert "My login does not work." in archive.read("support_ticket_messages.csv").decode()
    assert export.counts["restricted_records"] == 1


def test_access_cover_document_is_generated_from_the_registers(db):
    category = PersonalDataCategoryFactory(name="Account login data", retention_category="customer_accounts")
    activity = approved_activity(name="Customer account management", purpose="Give customers' staff a login.")
    activity.personal_data_categories.add(category)
    activity.recipient_categories.add(RecipientCategoryFactory(name="Payment provider"))
    activity.subprocessors.add(
        SubprocessorFactory(public_name="Zendesk", us_under_sccs=True, purpose="Support desk", active=True)
    )
    AccountUserFactory(email=EMAIL)
    request = _searched(rights=["access"])
    services.rights_request_verify_identity(rights_request=request, actor=None)
    export = services.rights_request_export(rights_request=request, actor=None)
    cover = _zip(export).read("about_your_data.txt").decode()
    for expected in (
        "Customer account management",
        "Give customers' staff a login.",  # purpose
        "Art. 6(1)(b) contract",  # legal basis, from the register
        "Account login data",  # category of data
        "Payment provider",  # recipients
        "Zendesk",  # sub-processor
        "SCC",  # transfer safeguard
        "Customer account data: 12 months from contract ended",  # retention, from the schedule
        "Billing records: 10 years from 1 january of the year after the invoice date",
        "Where the data comes from",
        "Automated decisions",
        "to erase it (Article 17)",
        "lodge a complaint with the Belgian Data Protection Authority",
    ):
        assert expected in cover, expected


# The scenario of the issue


def test_scenario_account_user_of_a_and_contact_of_a_and_b_is_answered_per_part(two_customers, dpc_user):
    a, b = two_customers["a"], two_customers["b"]
    AccountUserFactory(customer=a, email=EMAIL)
    closed_ticket = SupportTicketFactory(customer=a, requester_email=EMAIL)
    InvoiceFactory(customer=a, sent_to_email=EMAIL)
    request = request_via_intake(rights=["access", "erasure"])
    client = _api(dpc_user)

    # One search, two roles: CallNex's data and each customer's, apart; forwarded at once.
    parts = client.post(f"{URL}{request.pk}/find-data/").json()
    assert parts["controller"]["account_users"] == 1 and len(parts["customers"]) == 2
    assert client.post(f"{URL}{request.pk}/forward/", {}, format="json").status_code == 200

    # A instructs erasure, B to take no action.
    for customer, instruction in ((a, "erase"), (b, "no_action")):
        body = {"customer": customer.pk, "instruction": instruction, "received_on": _today().isoformat()}
        assert client.post(f"{URL}{request.pk}/record-instruction/", body, format="json").status_code == 200
    assert client.post(f"{URL}{request.pk}/approve-erasure/", {"customer": a.pk}, format="json").status_code == 200

    # CallNex's own part: identity first, then access and erasure by CallNex.
    response = client.post(f"{URL}{request.pk}/verify-identity/", {"note": "Email matches."}, format="json")
    assert response.status_code == 200
    assert client.post(f"{URL}{request.pk}/export/", {}, format="json").status_code == 201
    assert client.post(f"{URL}{request.pk}/approve-erasure/", {}, format="json").status_code == 200
    body = client.post(f"{URL}{request.pk}/complete/", {}, format="json").json()
    assert body["status"] == "completed" and body["closed_at"]

    # A's campaign data is gone, B's intact; CallNex's account data erased, the invoice kept by law.
    assert not Contact.objects.filter(pk=two_customers["contact_a"].pk).exists()
    assert not CallRecord.objects.filter(campaign__customer=a).exists()
    assert Contact.objects.filter(pk=two_customers["contact_b"].pk).exists()
    assert CallRecord.objects.filter(campaign__customer=b).count() == 1
    assert not AccountUser.objects.filter(email=EMAIL).exists()
    assert not SupportTicket.objects.filter(pk=closed_ticket.pk).exists()
    assert Invoice.objects.filter(sent_to_email=EMAIL).count() == 1

    # The letters and the timeline say which part was done by whom.
    request.refresh_from_db()
    letter = request.letters.get(kind="completion")
    assert letter.to_email == EMAIL
    assert "CallNex (own data): erased 1 account user(s)" in letter.body
    assert "kept 1 invoice(s)" in letter.body and "judicial remedy" in letter.body
    assert "Brasserie Delvaux SRL: closed" in letter.body and "Energie Vlaanderen NV: closed" in letter.body
    forwarding_letters = request.letters.filter(kind="forwarding")
    assert sorted(forwarding_letters.values_list("to_email", flat=True)) == sorted([a.contact_email, b.contact_email])
    a_events = request.events.filter(part_customer=a)
    assert any("instructed: erase" in e.message for e in a_events)
    assert any(e.kind == "erased" and e.actor == dpc_user and "on its instruction" in e.message for e in a_events)
    b_messages = [e.message for e in request.events.filter(part_customer=b)]
    assert any("take no action" in m for m in b_messages) and not any("erased" in m for m in b_messages)
    own = [e.message for e in request.events.filter(part_customer__isnull=True, kind__in=["exported", "erased"])]
    assert all(m.startswith("CallNex (own data)") for m in own) and len(own) == 3
    assert request.events.filter(kind="completed").exists()


# Restriction lifted (Art. 18(3)) and recipients told (Art. 19)


def _restricted_own_request(**kwargs):
    AccountUserFactory(email=EMAIL)
    request = _searched(rights=["restriction"], **kwargs)
    services.rights_request_verify_identity(rights_request=request, actor=None)
    services.rights_request_restrict(rights_request=request, actor=None)
    return request


def test_lifting_a_restriction_sends_the_art_18_3_notice_before_the_data_is_released(db):
    request = _restricted_own_request()
    assert AccountUser.objects.get().processing_restricted_at is not None
    assert services.rights_request_lift_restriction(rights_request=request, actor=None, reason="Accuracy checked.") == 1
    assert AccountUser.objects.get().processing_restricted_at is None
    letter = request.letters.get(kind="restriction_lift")
    assert "Article 18(3)" in letter.body and "Accuracy checked." in letter.body and letter.sent_at
    kinds = list(request.events.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds.index("letter", kinds.index("restricted") + 1) < kinds.index("restriction_lifted")


def test_lifting_is_refused_when_nothing_is_restricted(db):
    AccountUserFactory(email=EMAIL)
    request = _searched(rights=["restriction"])
    with pytest.raises(ValidationError, match="is restricted"):
        services.rights_request_lift_restriction(rights_request=request, actor=None, reason="Done.")
    assert not request.letters.filter(kind="restriction_lift").exists()


def test_art_19_recipients_from_the_register_are_listed_and_the_notice_recorded(db, handler_user):
    category = PersonalDataCategoryFactory(name="Account login data", retention_category="customer_accounts")
    activity = approved_activity(name="Customer account management")
    activity.personal_data_categories.add(category)
    activity.recipient_categories.add(RecipientCategoryFactory(name="Payment provider"))
    request = _restricted_own_request()
    listed = request.events.get(message__contains="Art. 19").message
    assert "recipients to tell of the restriction: Payment provider" in listed
    response = _api(handler_user).post(
        f"{URL}{request.pk}/notify-recipients/", {"recipients": "Payment provider"}, format="json"
    )
    assert response.status_code == 200
    assert request.events.get(kind="recipients_notified").message.endswith("notice sent to Payment provider.")


# A refusal concerns CallNex's own part only


def test_refusing_a_mixed_request_closes_only_callnex_s_part_and_leaves_customer_parts_open(two_customers, dpc_user):
    a, b = two_customers["a"], two_customers["b"]
    AccountUserFactory(customer=a, email=EMAIL)
    request = _searched(rights=["erasure"])
    services.rights_request_forward_to_controller(rights_request=request, actor=None)

    services.rights_request_refuse(rights_request=request, actor=dpc_user, reason="excessive", text="Tenth request.")
    request.refresh_from_db()
    assert not request.is_closed and request.status == "forwarded"
    assert request.own_outcome == "refused" and request.own_part_closed_at
    assert request.forwardings.filter(closed_at__isnull=True).count() == 2
    assert request.letters.filter(kind="refusal").count() == 1

    instruct(request, a, "erase")  # a customer part still runs on its instruction
    services.rights_request_approve_erasure(rights_request=request, actor=dpc_user, customer=a)
    assert not Contact.objects.filter(pk=two_customers["contact_a"].pk).exists()
    request.refresh_from_db()
    assert not request.is_closed  # B's part is still open
    instruct(request, b, "no_action")
    request.refresh_from_db()
    assert request.is_closed


def test_a_processor_only_request_cannot_be_refused_by_callnex_while_its_customer_part_is_open(two_customers):
    request = _searched(rights=["erasure"], role="processor", customer=two_customers["a"])
    services.rights_request_forward_to_controller(rights_request=request, actor=None)
    with pytest.raises(ValidationError, match="customer"):
        services.rights_request_refuse(rights_request=request, actor=None, reason="excessive", text="No.")
    request.refresh_from_db()
    assert not request.is_closed and request.forwardings.filter(closed_at__isnull=True).exists()


# The worklist's due date for a request without an own part


def test_worklist_and_dashboard_show_a_processor_only_request_due_on_its_customer_part_s_deadline(
    two_customers, handler_client
):
    from django.utils.formats import date_format

    profile = OrganisationProfile.get_solo()
    profile.dpa_assistance_days = 5
    profile.save()
    request = _searched(rights=["erasure"], role="processor", customer=two_customers["a"])
    services.rights_request_forward_to_controller(rights_request=request, actor=None)
    part_due = _today() + dt.timedelta(days=5)
    assert request.due_on != part_due  # the Art. 12(3) date is a month away

    page = handler_client.get("/admin/rights_requests/rightsrequest/").content.decode()
    assert date_format(part_due, "DATE_FORMAT") in page and date_format(request.due_on, "DATE_FORMAT") not in page
    assert 'title="amber">5</span>' in page
    assert f"due {part_due:%d %b %Y}" in handler_client.get("/admin/").content.decode()

"""The request workflow: intake, identity pause, extension, closure — with letters and a timeline."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from callnex_compliance.platform_data.models import OrganisationProfile
from rights_requests import deadlines, services
from rights_requests.models import RightsRequest, RightsRequestEvent
from tests.factories.platform_data import CustomerFactory
from tests.factories.rights_requests import request_via_intake

Status = RightsRequest.Status
BRUSSELS = deadlines.BRUSSELS


def _days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def _today() -> dt.date:
    return deadlines.brussels_date(timezone.now())


def test_intake_allocates_consecutive_references_per_year_when_requests_arrive(db):
    first = request_via_intake()
    second = request_via_intake(requester_email="other@example.be")
    year = timezone.localdate(timezone=BRUSSELS).year
    assert (first.reference, second.reference) == (f"RR-{year}-0001", f"RR-{year}-0002")


def test_intake_acknowledges_with_the_due_date_when_the_requester_has_an_email(db):
    request = request_via_intake()
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["sofie.peeters@example.be"]
    assert request.reference in letter.subject
    assert f"{request.due_on:%-d %b %Y}" in letter.body  # one date format: 31 Dec 2026
    assert request.letters.get().sent_at is not None


def test_intake_stores_the_acknowledgement_for_posting_when_there_is_no_email(db):
    request = request_via_intake(requester_email="", channel=RightsRequest.Channel.LETTER)
    assert mail.outbox == []
    letter = request.letters.get()
    assert letter.sent_at is None and letter.to_email == ""
    assert "stored for posting" in request.events.filter(kind=RightsRequestEvent.Kind.LETTER).get().message


def test_intake_rejects_a_request_without_email_or_phone(db):
    with pytest.raises(ValidationError, match="email address or phone number"):
        request_via_intake(requester_email="", requester_phone="")
    assert not RightsRequest.objects.exists()


def test_intake_rejects_a_processor_request_without_its_customer(db):
    with pytest.raises(ValidationError, match="customer we act for"):
        request_via_intake(role=RightsRequest.Role.PROCESSOR)


def test_intake_accepts_a_processor_request_for_a_customer(db):
    customer = CustomerFactory()
    request = request_via_intake(role=RightsRequest.Role.PROCESSOR, customer=customer)
    assert request.customer == customer


def test_asking_for_identity_pauses_the_clock_and_emails_the_requester(db):
    request = request_via_intake()
    request = services.rights_request_ask_identity(
        rights_request=request, actor=None, information_needed="The last 4 digits of your phone number."
    )
    assert request.status == Status.AWAITING_IDENTITY and request.is_paused
    assert request.urgency() is None and request.days_left() is None
    assert "The last 4 digits of your phone number." in mail.outbox[-1].body


def test_verifying_identity_moves_the_due_date_by_the_paused_days(db):
    request = request_via_intake(received_at=_days_ago(3))
    due_before = request.due_on
    request = services.rights_request_ask_identity(rights_request=request, actor=None, information_needed="ID")
    RightsRequest.objects.filter(pk=request.pk).update(paused_since=_days_ago(4))  # answer arrives 4 days later
    request = services.rights_request_verify_identity(
        rights_request=request, actor=None, answer_received_on=deadlines.brussels_date(timezone.now())
    )
    assert request.status == Status.IN_PROGRESS
    assert request.paused_days == 4
    assert request.due_on == deadlines.due_date(request.received_on, paused_days=4)
    # The SLA moves back to a working day, so the date moves by the paused days give or take a weekend/holiday.
    assert due_before < request.due_on <= due_before + dt.timedelta(days=4 + 3)
    assert "4 paused day(s)" in request.events.get(kind=RightsRequestEvent.Kind.IDENTITY_VERIFIED).message


def test_extension_before_the_legal_deadline_moves_the_due_date_and_notifies_the_requester(db):
    request = request_via_intake(received_at=_days_ago(10))
    request = services.rights_request_extend(
        rights_request=request, actor=None, months=2, reason="Data spread over several customers."
    )
    assert request.extension_months == 2
    assert request.due_on == deadlines.due_date(request.received_on, extension_months=2)
    notice = mail.outbox[-1]
    assert "2 months" in notice.body and "Data spread over several customers." in notice.body
    assert request.letters.filter(kind="extension_notice").exists()


def test_extension_after_the_original_legal_deadline_is_rejected_with_a_clear_message(db):
    request = request_via_intake(received_at=_days_ago(40))
    with pytest.raises(ValidationError, match="Too late to extend"):
        services.rights_request_extend(rights_request=request, actor=None, months=1, reason="Complex.")
    request.refresh_from_db()
    assert request.extension_months == 0


def test_extension_beyond_two_months_in_all_is_rejected(db):
    request = request_via_intake()
    services.rights_request_extend(rights_request=request, actor=None, months=1, reason="Complex.")
    with pytest.raises(ValidationError, match="1 more month"):
        services.rights_request_extend(rights_request=request, actor=None, months=2, reason="Still complex.")


def test_extension_needs_a_reason(db):
    request = request_via_intake()
    with pytest.raises(ValidationError, match="reason"):
        services.rights_request_extend(rights_request=request, actor=None, months=1, reason=" ")


def test_refusal_letter_states_the_right_to_complain_to_the_authority_from_the_profile(db):
    profile = OrganisationProfile.get_solo()
    profile.supervisory_authority_name = "Test Authority for Data"
    profile.save()
    request = request_via_intake()
    request = services.rights_request_refuse(
        rights_request=request,
        actor=None,
        reason=RightsRequest.RefusalReason.MANIFESTLY_UNFOUNDED,
        text="You asked us the same question twelve times this month.",
    )
    assert request.status == Status.REFUSED and request.is_closed
    letter = mail.outbox[-1].body
    assert "Manifestly unfounded" in letter
    assert "right to lodge a complaint" in letter and "Test Authority for Data" in letter


def test_refusal_needs_a_reason_from_the_closed_list(db):
    request = request_via_intake()
    with pytest.raises(ValidationError, match="Choose a reason"):
        services.rights_request_refuse(rights_request=request, actor=None, reason="bored", text="No.")


def test_refusing_a_paused_request_ends_the_pause(db):
    request = request_via_intake()
    services.rights_request_ask_identity(rights_request=request, actor=None, information_needed="ID")
    request = services.rights_request_refuse(
        rights_request=request, actor=None, reason="identity_not_verified", text="We never received proof."
    )
    assert request.paused_since is None and request.status == Status.REFUSED


def test_completing_a_request_that_is_still_awaiting_identity_is_rejected(db):
    request = request_via_intake()
    services.rights_request_ask_identity(rights_request=request, actor=None, information_needed="ID")
    with pytest.raises(ValidationError, match="Cannot complete a request that is awaiting identity"):
        services.rights_request_complete(rights_request=request, actor=None)


def test_a_closed_request_accepts_no_further_transition(db):
    request = request_via_intake()
    services.rights_request_withdraw(rights_request=request, actor=None)
    with pytest.raises(ValidationError, match="closed request"):
        services.rights_request_verify_identity(rights_request=request, actor=None)


def test_completion_sends_the_completion_letter_and_closes_the_request(db):
    request = request_via_intake()
    services.rights_request_verify_identity(rights_request=request, actor=None)
    request = services.rights_request_complete(
        rights_request=request, actor=None, outcome_text="Your data is attached."
    )
    assert request.status == Status.COMPLETED and request.closed_at
    assert "Your data is attached." in mail.outbox[-1].body


def test_corrections_record_which_fields_changed_but_not_their_values(db, handler_user):
    request = request_via_intake()
    services.rights_request_update(
        rights_request=request,
        actor=handler_user,
        changes={"requester_email": "sofie.p@example.be", "assignee": handler_user},
    )
    event = request.events.get(kind=RightsRequestEvent.Kind.UPDATED)
    assert event.message == "Changed: assignee, requester_email."
    assert event.actor == handler_user


def test_timeline_messages_never_contain_the_requesters_identifiers(db):
    request = request_via_intake()
    services.rights_request_ask_identity(rights_request=request, actor=None, information_needed="ID")
    services.rights_request_verify_identity(rights_request=request, actor=None, answer_received_on=_today())
    services.rights_request_complete(rights_request=request, actor=None)
    messages = " ".join(request.events.values_list("message", flat=True))
    for identifier in ("Sofie", "Peeters", "sofie.peeters@example.be", "+32470000001", "470000001"):
        assert identifier not in messages


def test_history_records_each_transition_with_its_reason(db, handler_user):
    request = request_via_intake(actor=handler_user)
    services.rights_request_ask_identity(rights_request=request, actor=handler_user, information_needed="ID")
    services.rights_request_verify_identity(rights_request=request, actor=handler_user, answer_received_on=_today())
    reasons = list(request.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons == ["Created", "Identity requested; clock paused", "Identity verified"]
    assert {h.history_user for h in request.history.all()} == {handler_user}

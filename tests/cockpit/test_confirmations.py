"""Which workflow steps are offered, and the confirmation pages: nothing happens on GET or unconfirmed POST."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from callnex_compliance.platform_data.models import AccountUser
from legal_basis.models import ProcessingActivity
from rights_requests import services
from rights_requests.models import RightsRequest
from rights_requests.services.allowed import rights_request_steps
from subprocessors import services as subprocessor_services
from subprocessors.models import NoticeDelivery, Subprocessor, SubprocessorChange
from tests.confirm import post_confirmed
from tests.factories.legal_basis import activity_ready_for_approval
from tests.factories.platform_data import AccountUserFactory, CustomerFactory
from tests.factories.rights_requests import RightsRequestFactory
from tests.factories.subprocessors import SubprocessorFactory, SubscriptionFactory

CHANGELIST = "/admin/rights_requests/rightsrequest/"
EMAIL = "lore.janssens@example.be"


def _workflow(rights_request: RightsRequest, slug: str) -> str:
    return f"{CHANGELIST}{rights_request.pk}/workflow/{slug}/"


def _erasure_request(**fields) -> RightsRequest:
    AccountUserFactory(email=EMAIL)
    values = {"requester_email": EMAIL, "requester_phone": "", "rights": ["erasure"], "status": "in_progress",
              "identity_verified_at": timezone.now(), **fields}  # fmt: skip
    rights_request = RightsRequestFactory(**values)
    services.rights_request_link_matches(rights_request=rights_request, actor=None)
    rights_request.refresh_from_db()
    return rights_request


def _steps(rights_request: RightsRequest, user) -> dict[str, str]:
    return {state.slug: state.blocked for state in rights_request_steps(rights_request=rights_request, user=user)}


def test_extend_is_shown_blocked_with_the_reason_when_the_legal_deadline_has_passed(handler_user, db):
    late = RightsRequestFactory(status="in_progress", received_at=timezone.now() - dt.timedelta(days=45))
    assert "the legal deadline" in _steps(late, handler_user)["extend"]
    assert "it can no longer be extended" in _steps(late, handler_user)["extend"]
    recent = RightsRequestFactory(status="in_progress")
    assert _steps(recent, handler_user)["extend"] == ""


def test_erase_is_offered_to_the_data_protection_contact_only_and_nothing_to_the_auditor(
    dpc_user, handler_user, auditor_user
):
    rights_request = _erasure_request()
    assert "erase" in _steps(rights_request, dpc_user)
    assert "erase" not in _steps(rights_request, handler_user) and "complete" in _steps(rights_request, handler_user)
    assert _steps(rights_request, auditor_user) == {}


def test_completing_an_overdue_erasure_with_nothing_erased_is_refused_and_sends_nothing(handler_user):
    rights_request = _erasure_request(received_at=timezone.now() - dt.timedelta(days=40))
    rights_request.due_on = timezone.localdate() - dt.timedelta(days=5)
    rights_request.save()
    assert "overdue and nothing was erased" in _steps(rights_request, handler_user)["complete"]
    sent = len(mail.outbox)
    with pytest.raises(ValidationError, match="nothing was erased"):
        services.rights_request_complete(rights_request=rights_request, actor=handler_user)
    rights_request.refresh_from_db()
    assert rights_request.own_part_closed_at is None and len(mail.outbox) == sent


def test_erase_does_nothing_on_get_or_on_a_post_without_confirmation(dpc_client):
    rights_request = _erasure_request()
    assert dpc_client.get(_workflow(rights_request, "erase")).status_code == 200
    page = dpc_client.post(_workflow(rights_request, "erase"), {"customer": ""})
    assert page.status_code == 200
    assert ("account user(s)", 1) in page.context["plan"].deleted
    assert b"Will be deleted" in page.content
    assert AccountUser.objects.filter(email=EMAIL).exists()
    forged = dpc_client.post(_workflow(rights_request, "erase"), {"customer": "", "confirm": "forged:token"})
    assert forged.status_code == 200 and AccountUser.objects.filter(email=EMAIL).exists()


def test_erase_happens_once_confirmed_and_the_confirmation_covers_only_the_part_shown(dpc_client):
    rights_request = _erasure_request()
    other = CustomerFactory()
    page = dpc_client.post(_workflow(rights_request, "erase"), {"customer": ""})
    swapped = dpc_client.post(
        _workflow(rights_request, "erase"), {"customer": other.pk, "confirm": page.context["token"]}
    )
    assert swapped.status_code == 200 and AccountUser.objects.filter(email=EMAIL).exists()
    assert post_confirmed(dpc_client, _workflow(rights_request, "erase"), {"customer": ""}).status_code == 302
    assert not AccountUser.objects.filter(email=EMAIL).exists()


def test_complete_shows_the_letter_and_its_recipient_before_sending(handler_client):
    rights_request = RightsRequestFactory(status="in_progress", identity_verified_at=timezone.now())
    sent = len(mail.outbox)
    page = handler_client.post(_workflow(rights_request, "complete"), {"outcome": "fulfilled", "outcome_text": "Done."})
    (letter,) = page.context["plan"].letters
    assert letter.to_email == rights_request.requester_email and "Done." in letter.body
    assert len(mail.outbox) == sent
    rights_request.refresh_from_db()
    assert rights_request.own_part_closed_at is None


def test_auditor_gets_the_styled_403_page_and_nothing_changes(auditor_client):
    rights_request = _erasure_request()
    response = auditor_client.post(_workflow(rights_request, "erase"), {"customer": ""})
    assert response.status_code == 403
    page = response.content.decode()
    assert "CallNex Compliance" in page and "nothing was changed" in page and "admin/css/base.css" in page
    assert AccountUser.objects.filter(email=EMAIL).exists()


def test_announcing_a_subprocessor_shows_the_notice_and_its_recipients_and_sends_nothing_until_confirmed(dpc_client):
    CustomerFactory(name="Brasserie Delvaux SRL", contact_email="privacy@delvaux.example")
    SubscriptionFactory(email="dpo@energie.example")
    subprocessor = SubprocessorFactory(public_name="Hetzner", effective_from=timezone.localdate() + dt.timedelta(45))
    url = f"/admin/subprocessors/subprocessor/{subprocessor.pk}/lifecycle/announce/"
    page = dpc_client.get(url)
    plan = page.context["plan"]
    assert "Hetzner" in plan.letters[0].body or "Hetzner" in plan.letters[0].subject
    assert (
        any("privacy@delvaux.example" in r for r in plan.recipients)
        and "dpo@energie.example (subscriber)" in plan.recipients
    )
    assert dpc_client.post(url).status_code == 200  # without the page's token: the page again
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.PROPOSED and not SubprocessorChange.objects.exists()
    assert dpc_client.post(url, {"confirm": page.context["token"]}).status_code == 302
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.ANNOUNCED
    assert not NoticeDelivery.objects.filter(status="sent").exclude(change__subprocessor=subprocessor).exists()


def test_activating_too_early_is_not_offered_and_says_why(dpc_client):
    subprocessor = SubprocessorFactory(public_name="Hetzner", effective_from=timezone.localdate() + dt.timedelta(45))
    subprocessor_services.subprocessor_announce(subprocessor=subprocessor)
    page = dpc_client.get(f"/admin/subprocessors/subprocessor/{subprocessor.pk}/change/").content.decode()
    assert "cannot be used before" in page and "/lifecycle/activate/" not in page


def test_approving_an_activity_asks_first_and_approves_once_confirmed(dpc_client):
    activity = activity_ready_for_approval()
    url = f"/admin/legal_basis/processingactivity/{activity.pk}/workflow/"
    page = dpc_client.post(url, {"step": "approve"})
    assert page.status_code == 200 and "Approves" in page.context["plan"].summary
    activity.refresh_from_db()
    assert activity.status == ProcessingActivity.Status.IN_REVIEW
    dpc_client.post(url, {"step": "approve", "confirm": page.context["token"]})
    activity.refresh_from_db()
    assert activity.status == ProcessingActivity.Status.APPROVED

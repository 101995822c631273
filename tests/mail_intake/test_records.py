"""What the mailbox keeps: routing by subject patterns, plain text only, retention and the role rules."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from mail_intake.models import InboundMessage, Inquiry, SubjectPattern
from mail_intake.parsing import detect_language, html_to_text
from mail_intake.retention import mailbox_records_purge
from mail_intake.routing import active_patterns, matching_pattern
from retention.models import DataCategory, RetentionPolicy
from retention.purge.runner import purgers_for
from rights_requests.services.drafts import rights_request_create_draft

pytestmark = pytest.mark.django_db


def test_subject_patterns_added_in_admin_route_new_variants(dpc_client):
    response = dpc_client.post(
        "/admin/mail_intake/subjectpattern/add/", {"phrase": "Verzoek tot inzage", "route": "rights_request",
                                                  "language": "nl", "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    pattern = matching_pattern("TR: RE: verzoek TOT inzage (dossier)", active_patterns())
    assert pattern is not None and pattern.route == SubjectPattern.Route.RIGHTS_REQUEST


def test_the_auditor_cannot_act_on_the_triage_queue(auditor_client):
    message = InboundMessage.objects.create(received_at=timezone.now(), from_address="a@example.be", subject="Hi")
    response = auditor_client.post(
        "/admin/mail_intake/inboundmessage/", {"action": "make_rights_request", "_selected_action": [message.pk]}
    )
    assert response.status_code < 500
    message.refresh_from_db()
    assert message.status == InboundMessage.Status.TRIAGE


def test_html_is_reduced_to_its_visible_text():
    assert html_to_text("<style>p{}</style><p>Ik wil <a href='x'>mijn</a> gegevens</p><p>Groeten</p>") == (
        "Ik wil mijn gegevens\n\nGroeten"
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bonjour, je souhaite recevoir mes données. Merci", "fr"),
        ("Beste, ik wil graag mijn gegevens inzien. Met vriendelijke groeten", "nl"),
        ("Hello, I would like a copy of my data please", "en"),
        ("12345", "en"),
    ],
)
def test_the_language_of_a_message_is_told_from_its_words(text, language):
    assert detect_language(text) == language


def _message(**fields) -> InboundMessage:
    message = InboundMessage(received_at=timezone.now() - dt.timedelta(days=900), **fields)
    message.eml.save("x.eml", ContentFile(b"From: a@example.be\r\n\r\nHi"), save=False)
    message.save()
    return message


def test_the_purge_deletes_handled_inquiries_and_dismissed_messages_but_never_open_triage(
    django_capture_on_commit_callbacks,
):
    old = timezone.now() - dt.timedelta(days=800)
    inquiry = Inquiry.objects.create(from_address="a@example.be", received_at=old, status="answered", closed_at=old)
    of_inquiry = _message(inquiry=inquiry, status="inquiry")
    dismissed = _message(status="dismissed", routed_at=old)
    waiting = _message(status="triage")
    files = [of_inquiry.eml.name, dismissed.eml.name]

    assert mailbox_records_purge(handled_before=timezone.now() - dt.timedelta(days=730), dry_run=True) == 3
    purger = purgers_for(DataCategory.MAILBOX_RECORDS)[0]
    assert RetentionPolicy.objects.filter(category=DataCategory.MAILBOX_RECORDS).exists() and purger

    with django_capture_on_commit_callbacks(execute=True):
        assert mailbox_records_purge(handled_before=timezone.now() - dt.timedelta(days=730)) == 3

    assert list(InboundMessage.objects.all()) == [waiting]
    assert not Inquiry.objects.exists() and not Inquiry.history.exists()
    assert not InboundMessage.history.filter(id=dismissed.pk).exists()
    assert not any(default_storage.exists(name) for name in files)


def test_a_requests_emails_go_when_the_request_is_anonymised(django_capture_on_commit_callbacks):
    request = rights_request_create_draft(
        requester_name="A", requester_email="a@example.be", received_at=timezone.now() - dt.timedelta(days=3)
    )
    message = _message(rights_request=request, status="rights_request")
    request.anonymised_at = timezone.now()
    request.save()

    with django_capture_on_commit_callbacks(execute=True):
        mailbox_records_purge(handled_before=timezone.now() - dt.timedelta(days=730))

    assert not InboundMessage.objects.filter(pk=message.pk).exists()
    assert not default_storage.exists(message.eml.name)

"""The support mailbox, read from a real IMAP server (pymap) with acknowledgements through a real SMTP server.

Each test delivers messages with a known server-received time (INTERNALDATE), runs the mailbox poll as the
5-minute schedule would, and checks what a handler then sees in the back-office.
"""

import datetime as dt
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.utils import timezone

from mail_intake.mailbox import mailbox_poll
from mail_intake.models import InboundMessage, Inquiry, MailboxStatus, MessageAttachment
from mail_intake.retention import identity_evidence_delete_checked
from rights_requests import services as rr
from rights_requests.deadlines import brussels_date
from rights_requests.models import RightsRequest, RightsRequestEvent
from rights_requests.services.drafts import rights_request_confirm_draft

pytestmark = pytest.mark.django_db


def mail(subject: str, body: str = "Hello, I want to see my data.", *, sender="Jan Jansen <jan@example.be>", **headers):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@callnex.nl"
    message["Subject"] = subject
    message["Message-ID"] = headers.pop("message_id", None) or make_msgid(domain="example.be")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def received(hours_ago: float) -> dt.datetime:
    return (timezone.now() - dt.timedelta(hours=hours_ago)).replace(microsecond=0)


def test_a_new_request_becomes_a_draft_from_the_server_received_time_and_is_acknowledged(imap, smtp):
    when = received(30)
    original = mail("GDPR Rights Request", "Please send me a copy of all my data.")
    imap.deliver(original.as_bytes(), received_at=when)

    assert mailbox_poll()["imported"] == 1

    request = RightsRequest.objects.get()
    assert request.status == RightsRequest.Status.DRAFT
    assert request.received_at == when
    assert (request.requester_email, request.requester_name) == ("jan@example.be", "Jan Jansen")
    assert "copy of all my data" in request.details
    assert request.due_on == request.due_date  # the deadline is shown from the first second
    message = InboundMessage.objects.get()
    assert message.rights_request == request and message.eml.read().startswith(b"From:") or message.eml
    assert imap.count("INBOX") == 0 and imap.count("Processed") == 1

    [ack] = smtp
    assert ack["To"] == "jan@example.be"
    assert request.reference in ack["Subject"]
    assert f"{request.due_on:%-d %b %Y}" in ack.get_content()
    assert ack["In-Reply-To"] == original["Message-ID"]
    assert original["Message-ID"] in ack["References"]
    assert ack["Auto-Submitted"] == "auto-replied"
    assert request.letters.get().message_id == ack["Message-ID"]


def test_the_handler_confirms_rights_and_role_of_a_draft_in_one_screen(imap, handler_client):
    imap.deliver(mail("Re: gdpr rights request").as_bytes(), received_at=received(2))
    mailbox_poll()
    request = RightsRequest.objects.get()
    url = f"/admin/rights_requests/rightsrequest/{request.pk}/workflow/confirm-draft/"

    response = handler_client.post(url, {"rights": ["access", "erasure"], "role": "controller"})

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RightsRequest.Status.RECEIVED
    assert request.rights == ["access", "erasure"]


def test_a_dutch_subject_variant_makes_a_request_acknowledged_in_dutch(imap, smtp):
    imap.deliver(
        mail("Fwd: AVG-verzoek", "Beste, ik wil graag inzage in mijn gegevens. Met vriendelijke groeten").as_bytes(),
        received_at=received(1),
    )
    mailbox_poll()

    request = RightsRequest.objects.get()
    assert request.status == RightsRequest.Status.DRAFT
    assert InboundMessage.objects.get().language == "nl"
    assert request.language == "nl"  # its later letters are in Dutch too
    assert smtp[0]["Content-Language"] == "nl"
    assert smtp[0]["Subject"] == f"We hebben uw verzoek {request.reference} ontvangen"
    assert "uiterlijk op" in smtp[0].get_content()


def test_a_message_without_the_subject_line_waits_in_triage_with_its_received_time(imap, smtp, handler_client):
    when = received(50)
    imap.deliver(mail("Question", "Delete everything you have about me.").as_bytes(), received_at=when)
    mailbox_poll()

    message = InboundMessage.objects.get()
    assert message.status == InboundMessage.Status.TRIAGE and message.received_at == when
    assert not RightsRequest.objects.exists() and not smtp

    changelist = handler_client.get("/admin/mail_intake/inboundmessage/?queue=triage")
    assert changelist.status_code == 200
    response = handler_client.post(
        "/admin/mail_intake/inboundmessage/",
        {"action": "make_rights_request", "_selected_action": [message.pk]},
    )
    assert response.status_code == 302
    request = RightsRequest.objects.get()
    assert request.received_at == when  # the deadline counts from the message, not from the triage
    assert len(smtp) == 1


def test_a_reply_while_paused_for_identity_offers_its_received_date_as_the_pause_end(imap, smtp, handler_client):
    imap.deliver(mail("GDPR Rights Request").as_bytes(), received_at=received(24 * 6))
    mailbox_poll()
    request = rights_request_confirm_draft(rights_request=RightsRequest.objects.get(), actor=None, rights=["access"])
    rr.rights_request_ask_identity(rights_request=request, actor=None, information_needed="a copy of your ID")
    identity_letter = request.letters.order_by("-pk").first()
    reply_time = received(0)
    reply = mail("Re: your question", "Here is my ID.", In_Reply_To=identity_letter.message_id)
    reply.add_attachment(b"%PDF-1.4 id", maintype="application", subtype="pdf", filename="id.pdf")
    imap.deliver(reply.as_bytes(), received_at=reply_time)

    mailbox_poll()

    message = InboundMessage.objects.get(status=InboundMessage.Status.REPLY)
    assert message.rights_request == request
    event = request.events.get(kind=RightsRequestEvent.Kind.EMAIL_RECEIVED)
    day = brussels_date(reply_time)
    assert "pause ends" in event.message
    page = handler_client.get(f"/admin/mail_intake/inboundmessage/{message.pk}/change/").content.decode()
    assert f"answer_received_on={day.isoformat()}" in page
    form = handler_client.get(
        f"/admin/rights_requests/rightsrequest/{request.pk}/workflow/verify-identity/?answer_received_on={day}"
    ).content.decode()
    assert f'value="{day.isoformat()}"' in form
    attachment = MessageAttachment.objects.get()
    assert attachment.is_identity_evidence and attachment.file

    rr.rights_request_verify_identity(rights_request=request, actor=None, answer_received_on=day, note="ID seen")
    assert identity_evidence_delete_checked() == 1
    attachment.refresh_from_db()
    assert not attachment.file and "deleted" in attachment.note
    request.refresh_from_db()
    assert request.identity_check_note == "ID seen"


def test_data_protection_subject_becomes_an_inquiry(imap, smtp):
    when = received(4)
    imap.deliver(mail("Data Protection", "Which sub-processors do you use?").as_bytes(), received_at=when)
    mailbox_poll()

    inquiry = Inquiry.objects.get()
    assert (inquiry.from_address, inquiry.subject, inquiry.received_at) == ("jan@example.be", "Data Protection", when)
    assert inquiry.status == Inquiry.Status.OPEN
    assert not RightsRequest.objects.exists() and not smtp


def test_auto_replies_and_bounces_are_never_answered(imap, smtp):
    imap.deliver(mail("GDPR Rights Request", "I am out of office", Auto_Submitted="auto-replied").as_bytes())
    imap.deliver(mail("Re: GDPR Rights Request", "Away", X_Autoreply="yes").as_bytes())
    imap.deliver(mail("GDPR Rights Request", "Undeliverable", sender="MAILER-DAEMON@example.be").as_bytes())

    assert mailbox_poll()["imported"] == 3

    assert set(InboundMessage.objects.values_list("status", flat=True)) == {InboundMessage.Status.IGNORED}
    assert not RightsRequest.objects.exists() and not smtp


def test_a_message_delivered_twice_is_processed_once(imap, smtp):
    original = mail("GDPR Rights Request")
    imap.deliver(original.as_bytes())
    imap.deliver(original.as_bytes())

    first = mailbox_poll()
    imap.deliver(original.as_bytes())  # and once more after it was imported
    second = mailbox_poll()

    assert (first["imported"], first["duplicates"], second["duplicates"]) == (1, 1, 1)
    assert RightsRequest.objects.count() == 1 and InboundMessage.objects.count() == 1 and len(smtp) == 1
    assert imap.count("INBOX") == 0


def test_a_30_mb_message_is_refused_with_a_note_and_kept_in_triage(imap, smtp, settings):
    big = mail("GDPR Rights Request", "see attachment")
    big.add_attachment(b"x" * (30 * 1024 * 1024), maintype="application", subtype="octet-stream", filename="big.bin")
    when = received(1)
    imap.deliver(big.as_bytes(), received_at=when)

    result = mailbox_poll()

    assert result["refused"] == 1
    message = InboundMessage.objects.get()
    assert message.status == InboundMessage.Status.TRIAGE and message.received_at == when
    assert message.note.startswith("Refused:") and "limit" in message.note
    assert not message.eml and not RightsRequest.objects.exists()


def test_a_malformed_message_does_not_stop_the_batch(imap, smtp):
    broken = (
        b"From: broken@example.be\r\nSubject: GDPR Rights Request\r\nMessage-ID: <broken@example.be>\r\n"
        b'Content-Type: multipart/mixed; boundary="never-closed"\r\n\r\n--never-closed\r\n'
        b"Content-Type: text/plain; charset=unknown-8bit-charset\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"!!!not base64!!!\r\n"
    )
    imap.deliver(broken)
    imap.deliver(mail("GDPR Rights Request").as_bytes())

    result = mailbox_poll()

    assert result["imported"] == 2 and result["failed"] == 0
    assert InboundMessage.objects.count() == 2
    assert imap.count("INBOX") == 0


def test_html_bodies_are_kept_as_plain_text(imap):
    message = mail("Question")
    message.set_content("<p>Hello <b>team</b></p><script>alert(1)</script>", subtype="html")
    imap.deliver(message.as_bytes())
    mailbox_poll()

    assert InboundMessage.objects.get().body_text == "Hello team"


def test_an_unreachable_mailbox_is_recorded_for_the_dashboard(settings, dpc_client):
    settings.INTAKE_IMAP_URL = "imap://user:secret@127.0.0.1:1/INBOX"
    MailboxStatus.objects.create(pk=1, failing_since=timezone.now() - dt.timedelta(hours=2))

    assert "error" in mailbox_poll()

    status = MailboxStatus.get_solo()
    assert status.last_failure_at and "secret" not in status.last_error
    page = dpc_client.get("/admin/").content.decode()
    assert "could not be read" in page


def test_no_mailbox_configured_means_nothing_happens(settings):
    settings.INTAKE_IMAP_URL = ""
    assert mailbox_poll() is None

"""Notice of changes with proof: one delivery per confirmed subscriber, retries, objections."""

import datetime as dt
import re
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from subprocessors import services
from subprocessors.models import NoticeDelivery, Objection
from tests.factories.subprocessors import SubprocessorFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def subscribers(db):
    confirmed = [SubscriptionFactory() for _ in range(3)]
    SubscriptionFactory(confirmed_at=None)
    SubscriptionFactory(unsubscribed_at=timezone.now())
    return confirmed


def _announce(django_capture_on_commit_callbacks, **fields):
    subprocessor = SubprocessorFactory(public_name="Speechly", legal_name="Speechly Oy", **fields)
    with django_capture_on_commit_callbacks(execute=True):
        change = services.subprocessor_announce(
            subprocessor=subprocessor, effective_from=timezone.localdate() + dt.timedelta(days=35)
        )
    return change


def test_announcing_emails_each_confirmed_subscriber_once(subscribers, sync_tasks, django_capture_on_commit_callbacks):
    change = _announce(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers)
    deliveries = NoticeDelivery.objects.filter(change=change)
    assert deliveries.count() == 3
    assert set(deliveries.values_list("status", flat=True)) == {NoticeDelivery.Status.SENT}
    assert all(d.sent_at and d.attempts == 1 for d in deliveries)


def test_sending_again_records_and_sends_nothing_new(subscribers, sync_tasks, django_capture_on_commit_callbacks):
    change = _announce(django_capture_on_commit_callbacks)
    services.notices_send(change_id=change.pk)
    assert len(mail.outbox) == 3 and NoticeDelivery.objects.count() == 3


def test_notice_tells_what_changes_when_and_how_to_object(subscribers, sync_tasks, django_capture_on_commit_callbacks):
    change = _announce(django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert "Speechly" in message.subject and f"{change.effective_from:%-d %b %Y}" in message.subject
    assert change.notice_text in message.body  # the stored proof is what was sent
    assert "/subprocessors/object/" in message.body and "/subprocessors/unsubscribe/" in message.body


def test_failed_send_is_recorded_and_sent_by_the_retry(
    subscribers, sync_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    real_send = EmailBackend.send_messages

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    change = _announce(django_capture_on_commit_callbacks)
    failed = NoticeDelivery.objects.filter(change=change, status=NoticeDelivery.Status.FAILED)
    assert failed.count() == 3 and failed.first().last_error == "SMTPServerDisconnected"
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    assert services.notices_retry_failed() == {"sent": 3, "failed": 0}
    assert NoticeDelivery.objects.filter(status=NoticeDelivery.Status.SENT, attempts=2).count() == 3


def test_retry_gives_up_when_the_attempts_are_used_up(subscribers, sync_tasks, django_capture_on_commit_callbacks):
    change = _announce(django_capture_on_commit_callbacks)
    NoticeDelivery.objects.filter(change=change).update(
        status=NoticeDelivery.Status.FAILED, sent_at=None, attempts=services.MAX_DELIVERY_ATTEMPTS
    )
    assert services.notices_retry_failed() == {"sent": 0, "failed": 0}


def _objection_path(message) -> str:
    return re.search(r"http://testserver(/en/subprocessors/object/[^\s]+/)", message.body).group(1)


def test_objection_link_records_the_objection_and_alerts_the_contact(
    client, subscribers, sync_tasks, django_capture_on_commit_callbacks
):
    change = _announce(django_capture_on_commit_callbacks)
    path, subscriber = _objection_path(mail.outbox[0]), mail.outbox[0].to[0]
    mail.outbox.clear()
    assert client.get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"organisation": "Brasserie Delvaux SRL", "reason": "Finnish processing."})
    assert response.status_code == 200 and b"Objection recorded" in response.content
    objection = Objection.objects.get()
    assert objection.change == change and objection.subscription.email == subscriber
    assert objection.organisation == "Brasserie Delvaux SRL" and objection.status == Objection.Status.OPEN
    assert mail.outbox[-1].to == ["support@callnex.nl"] and "Brasserie Delvaux SRL" in mail.outbox[-1].body


def test_objection_form_shows_errors_when_fields_are_missing(
    client, subscribers, sync_tasks, django_capture_on_commit_callbacks
):
    _announce(django_capture_on_commit_callbacks)
    response = client.post(_objection_path(mail.outbox[0]), {"organisation": "", "reason": ""})
    assert response.status_code == 400
    assert b"Enter the name of the customer" in response.content and b"Tell us why you object" in response.content
    assert not Objection.objects.exists()


def test_objection_is_refused_when_the_change_has_taken_effect(
    client, subscribers, sync_tasks, django_capture_on_commit_callbacks
):
    change = _announce(django_capture_on_commit_callbacks)
    path = _objection_path(mail.outbox[0])
    services.changes_apply_due(now=timezone.now() + dt.timedelta(days=36))
    response = client.post(path, {"organisation": "Late BV", "reason": "Too late."})
    assert response.status_code == 400 and b"objections to it are closed" in response.content
    assert not change.objections.exists()


def test_second_objection_by_the_same_subscriber_is_refused_clearly(
    client, subscribers, sync_tasks, django_capture_on_commit_callbacks
):
    _announce(django_capture_on_commit_callbacks)
    path = _objection_path(mail.outbox[0])
    client.post(path, {"organisation": "Brasserie Delvaux SRL", "reason": "No."})
    response = client.post(path, {"organisation": "Brasserie Delvaux SRL", "reason": "Still no."})
    assert response.status_code == 400 and b"already objected" in response.content
    assert Objection.objects.count() == 1

"""Double opt-in subscriptions: confirmation by signed expiring link, unsubscribe, throttle, purge."""

import datetime as dt
import re
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from subprocessors import services, tokens
from subprocessors.models import Subscription
from tests.factories.subprocessors import SubscriptionFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("subprocessors:subscription-create")


def _link(message, name: str) -> str:
    """Return the path of the link to the `name` view (e.g. 'subscribe/confirm') in an email."""
    match = re.search(rf"http://testserver(/en/subprocessors/{name}/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


def test_subscribing_sends_a_confirmation_email_and_confirms_nothing_yet(client):
    response = client.post(SUBSCRIBE, {"email": "DPO@Customer.example", "organisation": "Customer BV"})
    assert response.status_code == 200 and b"Check your inbox" in response.content
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dpo@customer.example"]
    assert "/subprocessors/subscribe/confirm/" in message.body and "/subprocessors/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/en/subprocessors/unsubscribe/")
    assert not Subscription.objects.get().is_receiving


def test_double_opt_in_confirms_the_subscription_when_the_emailed_link_is_followed(client):
    client.post(SUBSCRIBE, {"email": "dpo@customer.example"})
    confirm = _link(mail.outbox[0], "subscribe/confirm")
    assert client.get(confirm).status_code == 200  # a mail scanner's GET confirms nothing
    assert not Subscription.objects.get().is_receiving
    response = client.post(confirm)
    assert response.status_code == 200 and b"Subscription confirmed" in response.content
    assert Subscription.objects.get().is_receiving


def test_confirmation_link_is_refused_when_it_has_expired(client, monkeypatch):
    client.post(SUBSCRIBE, {"email": "dpo@customer.example"})
    confirm = _link(mail.outbox[0], "subscribe/confirm")
    later = timezone.now().timestamp() + dt.timedelta(days=4).total_seconds()
    monkeypatch.setattr("time.time", lambda: later)
    response = client.post(confirm)
    assert response.status_code == 400 and b"has expired" in response.content
    assert not Subscription.objects.get().is_receiving


def test_confirmation_link_is_refused_when_tampered_with(client):
    client.post(SUBSCRIBE, {"email": "dpo@customer.example"})
    response = client.post(_link(mail.outbox[0], "subscribe/confirm").replace(":", "x:", 1))
    assert response.status_code == 400 and b"not valid" in response.content


def test_form_shows_a_clear_error_when_the_email_is_invalid(client):
    response = client.post(SUBSCRIBE, {"email": "not-an-address", "organisation": "Customer BV"})
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    assert b'value="Customer BV"' in response.content  # what was typed is kept
    assert not Subscription.objects.exists() and not mail.outbox


def test_form_shows_a_clear_error_when_the_email_is_missing(client):
    response = client.post(SUBSCRIBE, {"email": ""})
    assert response.status_code == 400 and b"Enter the email address" in response.content


def test_subscribing_is_throttled_when_one_client_sends_too_many_requests(client, settings):
    for n in range(10):
        assert client.post(SUBSCRIBE, {"email": f"a{n}@customer.example"}).status_code == 200
    response = client.post(SUBSCRIBE, {"email": "one-more@customer.example"})
    assert response.status_code == 429 and b"Too many subscription requests" in response.content
    assert not Subscription.objects.filter(email="one-more@customer.example").exists()


def test_form_asks_to_try_again_when_the_mail_server_is_down(client, monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    response = client.post(SUBSCRIBE, {"email": "dpo@customer.example"})
    assert response.status_code == 503 and b"could not send the confirmation email" in response.content
    assert b'value="dpo@customer.example"' in response.content
    monkeypatch.undo()
    assert client.post(SUBSCRIBE, {"email": "dpo@customer.example"}).status_code == 200  # retry works at once
    assert len(mail.outbox) == 1


def test_no_second_confirmation_email_is_sent_when_asked_again_at_once(client):
    client.post(SUBSCRIBE, {"email": "dpo@customer.example"})
    client.post(SUBSCRIBE, {"email": "dpo@customer.example"})
    assert len(mail.outbox) == 1 and Subscription.objects.count() == 1


def test_unsubscribe_link_stops_notices_and_keeps_the_proof_row(client):
    subscription = SubscriptionFactory()
    link = reverse("subprocessors:subscription-unsubscribe", args=[tokens.unsubscribe_token(subscription.key)])
    assert client.get(link).status_code == 200  # GET only asks
    assert Subscription.objects.get().is_receiving
    assert client.post(link).status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None and not subscription.is_receiving


def test_unsubscribing_an_unconfirmed_address_deletes_it(client):
    client.post(SUBSCRIBE, {"email": "dpo@customer.example"})
    response = client.post(_link(mail.outbox[0], "unsubscribe"))
    assert response.status_code == 200 and not Subscription.objects.exists()


def test_purge_deletes_only_unconfirmed_subscriptions_created_before_the_cutoff(db):
    now = timezone.now()
    old_unconfirmed = SubscriptionFactory(confirmed_at=None)
    old_confirmed = SubscriptionFactory()
    Subscription.objects.update(created_at=now - dt.timedelta(days=8))
    fresh_unconfirmed = SubscriptionFactory(confirmed_at=None)
    deleted = services.subscriptions_purge_unconfirmed(created_before=now - dt.timedelta(days=7))
    assert deleted == 1
    assert set(Subscription.objects.values_list("pk", flat=True)) == {old_confirmed.pk, fresh_unconfirmed.pk}
    assert not Subscription.objects.filter(pk=old_unconfirmed.pk).exists()


def test_purge_only_counts_when_dry_run(db):
    SubscriptionFactory(confirmed_at=None)
    Subscription.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    assert services.subscriptions_purge_unconfirmed(created_before=timezone.now(), dry_run=True) == 1
    assert Subscription.objects.count() == 1


def test_purge_runs_the_same_queries_whatever_the_number_of_rows(db):
    cutoff = timezone.now() + dt.timedelta(seconds=1)
    counts = []
    for size in (2, 40):
        Subscription.objects.bulk_create(Subscription(email=f"s{size}-{n}@x.example") for n in range(size))
        with CaptureQueriesContext(connection) as queries:
            assert services.subscriptions_purge_unconfirmed(created_before=cutoff) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]

"""Notices reach every customer (Art. 28(2)); the period runs from dispatch; objections stop the change per customer."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client
from django.utils import timezone

from subprocessors import emails, selectors, services, tokens
from subprocessors.models import CustomerExclusion, NoticeDelivery, Objection, Subprocessor
from tests.factories.platform_data import CustomerFactory
from tests.factories.subprocessors import SubprocessorFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def customers(db):
    current = [CustomerFactory() for _ in range(3)]
    CustomerFactory(contract_ended_on=timezone.localdate() - dt.timedelta(days=400))
    return current


def _announce(now, *, dispatch_at=None):
    subprocessor = SubprocessorFactory(public_name="Speechly", legal_name="Speechly Oy")
    change = services.subprocessor_announce(
        subprocessor=subprocessor, effective_from=now.date() + dt.timedelta(days=31), now=now
    )
    if dispatch_at is not None:
        services.notices_send(change_id=change.pk, now=dispatch_at)
    return change


def test_notice_goes_to_every_customer_and_subscriber_exactly_once_when_sent_twice(customers, now):
    subscribers = [SubscriptionFactory() for _ in range(2)]
    change = _announce(now, dispatch_at=now)
    services.notices_send(change_id=change.pk, now=now)
    expected = sorted([c.contact_email for c in customers] + [s.email for s in subscribers])
    assert sorted(m.to[0] for m in mail.outbox) == expected
    deliveries = NoticeDelivery.objects.filter(change=change)
    assert sorted(deliveries.values_list("recipient", flat=True)) == expected
    for delivery in deliveries:
        assert delivery.status == NoticeDelivery.Status.SENT and delivery.sent_at == now and delivery.attempts == 1
        assert delivery.message_id.startswith("<") and delivery.message_id.endswith(">")
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == set(deliveries.values_list("message_id", flat=True))


def test_customer_notice_names_the_customer_and_carries_its_objection_link(customers, now):
    change = _announce(now, dispatch_at=now)
    message = next(m for m in mail.outbox if m.to == [customers[0].contact_email])
    assert customers[0].name in message.body and change.notice_text in message.body
    assert "/subprocessors/object/customer/" in message.body and "unsubscribe" not in message.body.lower()


def test_a_customer_without_privacy_contact_is_recorded_as_failed_without_stalling_the_change(customers, now):
    silent = CustomerFactory(contact_email="")
    change = _announce(now, dispatch_at=now)
    failed = NoticeDelivery.objects.get(change=change, customer=silent)
    assert failed.status == NoticeDelivery.Status.FAILED and failed.last_error == "NoPrivacyContact"
    change.refresh_from_db()
    assert change.dispatched_at == now
    later = now.replace(hour=0, minute=5) + dt.timedelta(days=31)
    assert services.changes_apply_due(now=later) == 1


def test_failing_customer_delivery_is_chased_by_the_retry(customers, now, monkeypatch):
    real_send = EmailBackend.send_messages

    def refuse(self, messages):
        if messages[0].to == [customers[1].contact_email]:
            raise smtplib.SMTPRecipientsRefused({})
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    change = _announce(now, dispatch_at=now)
    failed = NoticeDelivery.objects.get(change=change, customer=customers[1])
    assert failed.status == NoticeDelivery.Status.FAILED and failed.attempts == 1
    assert NoticeDelivery.objects.filter(change=change, status=NoticeDelivery.Status.SENT).count() == 2
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    assert services.notices_retry_failed(now=now + dt.timedelta(minutes=30)) == {"sent": 1, "failed": 0}
    failed.refresh_from_db()
    assert failed.status == NoticeDelivery.Status.SENT and failed.attempts == 2


def test_activation_is_refused_before_the_period_counted_from_dispatch_has_run(customers, now):
    dispatched = now + dt.timedelta(days=3)  # the worker was down: the notices left three days late
    change = _announce(now, dispatch_at=dispatched)
    subprocessor = change.subprocessor
    effective_morning = now.replace(hour=0, minute=5) + dt.timedelta(days=31)
    with pytest.raises(ValidationError, match="counts from the notices sent to the customers"):
        services.subprocessor_activate(subprocessor=subprocessor, now=effective_morning)
    assert services.changes_apply_due(now=effective_morning) == 0
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.ANNOUNCED
    services.subprocessor_activate(subprocessor=subprocessor, now=dispatched + dt.timedelta(days=31))
    subprocessor.refresh_from_db()
    assert subprocessor.is_active


def test_activation_is_refused_when_no_notice_went_out(customers, now):
    change = _announce(now)
    with pytest.raises(ValidationError, match="have not gone out"):
        services.subprocessor_activate(subprocessor=change.subprocessor, now=now + dt.timedelta(days=40))


def _object(change, customer, reason="We do not accept transfers to this vendor."):
    return services.customer_objection_record(change=change, customer=customer, reason=reason)


def test_open_objection_keeps_the_new_subprocessor_away_from_that_customers_data(customers, now):
    change = _announce(now, dispatch_at=now)
    objection = _object(change, customers[0])
    services.subprocessor_activate(subprocessor=change.subprocessor, now=now + dt.timedelta(days=31))
    subprocessor = Subprocessor.objects.get(pk=change.subprocessor_id)
    exclusion = CustomerExclusion.objects.get()
    assert (exclusion.customer, exclusion.objection, exclusion.reason) == (
        customers[0],
        objection,
        CustomerExclusion.Reason.OPEN_OBJECTION,
    )
    assert not selectors.subprocessor_may_process(subprocessor=subprocessor, customer_id=customers[0].pk)
    assert selectors.subprocessor_may_process(subprocessor=subprocessor, customer_id=customers[1].pk)


def test_withdrawn_objection_lets_the_subprocessor_process_and_tells_the_customer(
    customers, now, django_capture_on_commit_callbacks
):
    change = _announce(now, dispatch_at=now)
    objection = _object(change, customers[0])
    services.subprocessor_activate(subprocessor=change.subprocessor, now=now + dt.timedelta(days=31))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.objection_resolve(objection=objection, outcome=Objection.Outcome.WITHDRAWN, resolution="")
    objection.refresh_from_db()
    assert objection.outcome == Objection.Outcome.WITHDRAWN and objection.resolved_at and objection.customer_told_at
    assert CustomerExclusion.objects.get().ended_at is not None
    subprocessor = Subprocessor.objects.get(pk=change.subprocessor_id)
    assert selectors.subprocessor_may_process(subprocessor=subprocessor, customer_id=customers[0].pk)
    assert [m.to for m in mail.outbox] == [[customers[0].contact_email]]
    assert "Withdrawn by the customer" in mail.outbox[0].body


@pytest.mark.parametrize("outcome", [Objection.Outcome.KEPT_OUT, Objection.Outcome.CONTRACT_ENDED])
def test_upheld_objection_keeps_the_customers_data_out_for_good_and_tells_the_customer(
    customers, now, outcome, django_capture_on_commit_callbacks
):
    change = _announce(now, dispatch_at=now)
    objection = _object(change, customers[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.objection_resolve(objection=objection, outcome=outcome, resolution="Agreed with the customer.")
    services.subprocessor_activate(subprocessor=change.subprocessor, now=now + dt.timedelta(days=31))
    exclusion = CustomerExclusion.objects.get()
    assert exclusion.reason == CustomerExclusion.Reason.KEPT_OUT and exclusion.ended_at is None
    assert not selectors.subprocessor_may_process(subprocessor=exclusion.subprocessor, customer_id=customers[0].pk)
    objection.refresh_from_db()
    assert objection.outcome == outcome and objection.customer_told_at is not None
    assert mail.outbox[0].to == [customers[0].contact_email] and "Agreed with the customer." in mail.outbox[0].body


def test_resolving_twice_is_refused(customers, now):
    change = _announce(now, dispatch_at=now)
    objection = _object(change, customers[0])
    services.objection_resolve(objection=objection, outcome=Objection.Outcome.WITHDRAWN, resolution="")
    with pytest.raises(ValidationError, match="already resolved"):
        services.objection_resolve(objection=objection, outcome=Objection.Outcome.KEPT_OUT, resolution="")


def test_customer_objects_through_the_link_in_its_notice(customers, now):
    change = _announce(now, dispatch_at=now)
    token = tokens.customer_objection_token(change_id=change.pk, customer_id=customers[2].pk)
    url = emails.absolute_url("customer-objection-create", token=token).removeprefix("http://testserver")
    client = Client()
    page = client.get(url)
    assert page.status_code == 200 and customers[2].name in page.content.decode()
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Our clients forbid US vendors."})
    assert response.status_code == 200
    objection = Objection.objects.get()
    assert objection.customer == customers[2] and objection.organisation == customers[2].name
    assert client.get(url.replace(token, token[:-2] + "xx")).status_code == 400

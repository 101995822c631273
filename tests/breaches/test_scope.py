"""Scope from the data: counts from the platform, the affected customers, and the processor-side notices."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from breaches import services
from breaches.models import BreachSettings, CustomerNotice, Incident
from breaches.selectors import customer_notice_deadline
from tests.factories import CallRecordFactory, CampaignFactory, ContactFactory, TranscriptFactory
from tests.factories.breaches import incident as make_incident

pytestmark = pytest.mark.django_db
PLATFORM = ["call_records", "call_recordings", "transcripts", "campaign_contacts"]


@pytest.fixture
def platform():
    """Two customers: A's campaign has two calls in May (one person called twice) and one in April; B one in May."""
    may = timezone.make_aware(dt.datetime(2026, 5, 10, 12))
    campaign_a, campaign_b = CampaignFactory(), CampaignFactory()
    contact = ContactFactory(campaign=campaign_a)
    CallRecordFactory(campaign=campaign_a, contact=contact, ended_at=may)
    TranscriptFactory(call=CallRecordFactory(campaign=campaign_a, contact=contact, ended_at=may + dt.timedelta(days=1)))
    CallRecordFactory(campaign=campaign_a, contact=contact, ended_at=may - dt.timedelta(days=30))
    ContactFactory(campaign=campaign_a)  # never called
    CallRecordFactory(campaign=campaign_b, ended_at=may)
    return {"a": campaign_a, "b": campaign_b, "may": may}


def _may_window(platform) -> dict:
    start = timezone.make_aware(dt.datetime(2026, 5, 1))
    return {"window_start": start, "window_end": start + dt.timedelta(days=31)}


def test_counts_people_and_records_of_the_campaign_in_the_window(platform):
    incident = make_incident(data_categories=PLATFORM)
    figures = services.incident_set_scope(
        incident=incident, actor=None, campaigns=[platform["a"]], **_may_window(platform)
    )
    assert figures.people == 1
    assert figures.records == {"calls": 2, "recordings": 0, "transcripts": 1, "contacts": 1}
    assert list(figures.by_customer) == [platform["a"].customer_id]


def test_counts_only_the_categories_the_breach_touched(platform):
    incident = make_incident(data_categories=["transcripts"])
    figures = services.incident_set_scope(incident=incident, actor=None, campaigns=[platform["a"]])
    assert figures.records == {"calls": 0, "recordings": 0, "transcripts": 1, "contacts": 0}


def test_whole_contact_list_counts_when_no_window_is_set(platform):
    incident = make_incident(data_categories=["campaign_contacts"])
    figures = services.incident_set_scope(incident=incident, actor=None, campaigns=[platform["a"]])
    assert figures.contacts == 2 and figures.people == 2


def test_platform_wide_scope_finds_every_customer_with_data_in_the_window(platform):
    incident = make_incident(data_categories=PLATFORM)
    figures = services.incident_set_scope(incident=incident, actor=None, platform_wide=True, **_may_window(platform))
    assert set(figures.by_customer) == {platform["a"].customer_id, platform["b"].customer_id}
    assert figures.calls == 3


def test_window_must_end_after_it_starts(platform):
    window = _may_window(platform)
    with pytest.raises(ValidationError):
        services.incident_set_scope(
            incident=make_incident(), actor=None, window_start=window["window_end"], window_end=window["window_start"]
        )


@pytest.mark.parametrize("outcome", [None, "unlikely", "high"])
def test_processor_incident_notifies_exactly_the_customers_in_scope_whatever_the_risk(platform, outcome):
    incident = make_incident(data_categories=PLATFORM, affects_own_data=True)
    if outcome:
        services.incident_assess(
            incident=incident, actor=None, likelihood="remote", severity="low", outcome=outcome, reasons="Test."
        )
    services.incident_set_scope(incident=incident, actor=None, campaigns=[platform["a"]], **_may_window(platform))
    notices = services.incident_notify_customers(incident=incident, actor=None)
    customer_a = platform["a"].customer
    assert [(n.customer, n.outcome) for n in notices] == [(customer_a, CustomerNotice.Outcome.SENT)]
    assert [m.to for m in mail.outbox] == [[customer_a.contact_email]]
    assert "call records: 2" in mail.outbox[0].body
    notice = notices[0]
    assert notice.recipient == customer_a.contact_email and notice.sent_at and notice.message_id.startswith("<")
    assert mail.outbox[0].extra_headers["Message-ID"] == notice.message_id


def test_initial_notice_goes_once_and_follow_ups_need_the_news(platform):
    incident = make_incident(data_categories=PLATFORM)
    services.incident_set_scope(incident=incident, actor=None, campaigns=[platform["a"], platform["b"]])
    assert len(services.incident_notify_customers(incident=incident, actor=None)) == 2
    with pytest.raises(ValidationError, match="No affected customer"):
        services.incident_notify_customers(incident=incident, actor=None)
    with pytest.raises(ValidationError):
        services.incident_notify_customers(incident=incident, actor=None, kind="follow_up")
    follow_ups = services.incident_notify_customers(
        incident=incident, actor=None, kind="follow_up", update="The cause is a misconfigured bucket."
    )
    assert len(follow_ups) == 2 and "What is new" in mail.outbox[-1].body


def test_customer_without_privacy_address_is_recorded_and_blocks_closure(platform):
    customer = platform["a"].customer
    customer.contact_email = ""
    customer.save()
    incident = make_incident(data_categories=PLATFORM)
    services.incident_set_scope(incident=incident, actor=None, customers=[customer])
    notice = services.incident_notify_customers(incident=incident, actor=None)[0]
    assert notice.outcome == CustomerNotice.Outcome.NO_ADDRESS and mail.outbox == []
    services.incident_contain(incident=incident, actor=None)
    with pytest.raises(ValidationError, match=customer.name):
        services.incident_close(incident=incident, actor=None)


def test_notices_need_a_counted_scope():
    with pytest.raises(ValidationError, match="scope"):
        services.incident_notify_customers(incident=make_incident(), actor=None)


def test_customer_notice_deadline_follows_the_editable_setting():
    incident = make_incident()
    assert customer_notice_deadline(incident) - incident.aware_at == dt.timedelta(hours=24)
    settings_row = BreachSettings.get_solo()
    settings_row.customer_notice_hours = 12
    settings_row.save()
    assert customer_notice_deadline(incident) - incident.aware_at == dt.timedelta(hours=12)


def test_own_data_only_incident_touches_no_customer():
    incident = make_incident(affects_own_data=True, data_categories=["billing"])
    figures = services.incident_count_scope(incident=incident, actor=None)
    assert figures.by_customer == {} and Incident.objects.get().people_in_scope == 0

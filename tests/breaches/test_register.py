"""The register: the 72-hour clock, the workflow, and what each risk outcome obliges CallNex to do."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from breaches import services
from breaches.models import AffectedPerson, AuthorityNotification, Incident, IncidentEvent
from breaches.selectors import authority_clock, awaiting_authority
from tests.factories.breaches import incident as make_incident

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
pytestmark = pytest.mark.django_db


def _assess(incident, outcome, **extra):
    return services.incident_assess(
        incident=incident, actor=None, likelihood="likely", severity="high", outcome=outcome,
        reasons="Unencrypted, identifiable, contact details of account users.", **extra,
    )  # fmt: skip


def test_deadline_is_72_real_hours_after_awareness_when_summer_time_ends():
    # 25 Oct 2026 03:00 CEST becomes 02:00 CET: the local day has 25 hours.
    aware_at = dt.datetime(2026, 10, 24, 10, 0, tzinfo=BRUSSELS)
    incident = make_incident(aware_at=aware_at)
    deadline = incident.authority_deadline
    assert (deadline - aware_at) == dt.timedelta(hours=72)
    assert deadline.astimezone(BRUSSELS).replace(tzinfo=None) == dt.datetime(2026, 10, 27, 9, 0)


def test_deadline_is_72_real_hours_after_awareness_when_summer_time_starts():
    aware_at = dt.datetime(2026, 3, 28, 10, 0, tzinfo=BRUSSELS)  # 29 March has 23 hours
    incident = make_incident(aware_at=aware_at)
    assert incident.authority_deadline.astimezone(BRUSSELS).replace(tzinfo=None) == dt.datetime(2026, 3, 31, 11, 0)


def test_clock_turns_red_under_24_hours_and_overdue_after_72(db):
    incident = make_incident(aware_hours_ago=10)
    now = timezone.now()
    assert authority_clock(incident, now=now)[1] == "ok"
    assert authority_clock(incident, now=now + dt.timedelta(hours=50))[1] == "warn"
    assert authority_clock(incident, now=now + dt.timedelta(hours=63))[1] == "alert"


def test_incident_is_logged_with_a_reference_and_a_timeline_entry():
    incident = make_incident()
    assert incident.reference.startswith(f"INC-{timezone.localdate().year}-")
    assert incident.events.get().kind == IncidentEvent.Kind.CREATED
    assert incident.history.count() == 1


def test_awareness_in_the_future_is_refused():
    with pytest.raises(ValidationError, match="future"):
        make_incident(aware_at=timezone.now() + dt.timedelta(days=1))


def test_no_risk_own_data_incident_has_no_authority_duty_but_stays_in_the_register():
    incident = make_incident(affects_own_data=True)
    incident = _assess(incident, Incident.RiskOutcome.UNLIKELY)
    assert incident.needs_authority is False
    assert not awaiting_authority(Incident.objects.all()).exists()
    services.incident_contain(incident=incident, actor=None)
    closed = services.incident_close(incident=incident, actor=None)
    assert closed.state == Incident.State.CLOSED
    assert Incident.objects.filter(pk=incident.pk).exists()
    assert not AuthorityNotification.objects.exists()


def test_risk_own_data_incident_cannot_close_before_the_authority_is_notified():
    incident = _assess(make_incident(affects_own_data=True), Incident.RiskOutcome.RISK)
    assert awaiting_authority(Incident.objects.all()).get() == incident
    services.incident_contain(incident=incident, actor=None)
    with pytest.raises(ValidationError, match="supervisory authority"):
        services.incident_close(incident=incident, actor=None)
    services.incident_record_authority_notification(
        incident=incident, actor=None, phase="initial", language="nl", submitted_at=timezone.now()
    )
    assert services.incident_close(incident=incident, actor=None).is_closed


def test_late_authority_notification_requires_a_reason():
    incident = _assess(make_incident(affects_own_data=True, aware_hours_ago=80), Incident.RiskOutcome.RISK)
    with pytest.raises(ValidationError) as error:
        services.incident_record_authority_notification(
            incident=incident, actor=None, phase="initial", language="fr", submitted_at=timezone.now()
        )
    assert "late_reason" in error.value.message_dict
    notification = services.incident_record_authority_notification(
        incident=incident, actor=None, phase="initial", language="fr", submitted_at=timezone.now(),
        late_reason="The scope could only be established after the forensic report.",
    )  # fmt: skip
    assert "Motifs du retard" in notification.content


def test_notification_within_72_hours_needs_no_reason_and_follow_ups_come_after_the_initial_one():
    incident = _assess(make_incident(affects_own_data=True, aware_hours_ago=5), Incident.RiskOutcome.RISK)
    with pytest.raises(ValidationError, match="initial notification"):
        services.incident_record_authority_notification(
            incident=incident, actor=None, phase="follow_up", language="nl", submitted_at=timezone.now()
        )
    services.incident_record_authority_notification(
        incident=incident, actor=None, phase="initial", language="nl", submitted_at=timezone.now()
    )
    follow_up = services.incident_record_authority_notification(
        incident=incident, actor=None, phase="follow_up", language="nl", submitted_at=timezone.now()
    )
    assert "aanvullende melding" in follow_up.content


def test_high_risk_incident_without_exception_cannot_close_before_people_are_informed():
    incident = _assess(make_incident(affects_own_data=True), Incident.RiskOutcome.HIGH)
    services.incident_record_authority_notification(
        incident=incident, actor=None, phase="initial", language="nl", submitted_at=timezone.now()
    )
    services.incident_contain(incident=incident, actor=None)
    with pytest.raises(ValidationError, match="Art. 34"):
        services.incident_close(incident=incident, actor=None)
    with_email = AffectedPerson.objects.create(incident=incident, name="An", email="an@example.be")
    by_post = AffectedPerson.objects.create(incident=incident, name="Bo", phone="+32470000001")
    assert services.incident_inform_people(incident=incident, actor=None) == (1, 1)
    assert mail.outbox[-1].to == ["an@example.be"]
    with pytest.raises(ValidationError, match="inform every affected person"):
        services.incident_close(incident=incident, actor=None)
    services.affected_person_mark_informed(person=by_post, actor=None)
    with_email.refresh_from_db()
    assert with_email.message_id and with_email.channel == "email"
    assert services.incident_close(incident=incident, actor=None).is_closed


def test_high_risk_incident_with_an_art_34_3_exception_closes_without_informing_people():
    incident = _assess(
        make_incident(affects_own_data=True), Incident.RiskOutcome.HIGH,
        art34_exception="unintelligible", art34_exception_reason="The disk was encrypted (AES-256), key not taken.",
    )  # fmt: skip
    services.incident_record_authority_notification(
        incident=incident, actor=None, phase="initial", language="nl", submitted_at=timezone.now()
    )
    services.incident_contain(incident=incident, actor=None)
    assert services.incident_close(incident=incident, actor=None).is_closed


def test_assessment_needs_reasons():
    with pytest.raises(ValidationError) as error:
        services.incident_assess(
            incident=make_incident(affects_own_data=True), actor=None, likelihood="likely", severity="high",
            outcome="risk", reasons=" ",
        )  # fmt: skip
    assert "reasons" in error.value.message_dict


def test_customers_data_is_not_assessed_by_callnex():
    with pytest.raises(ValidationError, match="customer assesses"):
        _assess(make_incident(affects_own_data=False), Incident.RiskOutcome.HIGH)


def test_a_customers_people_are_informed_only_on_its_instruction(db):
    from tests.factories import CustomerFactory

    customer = CustomerFactory()
    incident = make_incident()
    AffectedPerson.objects.create(incident=incident, customer=customer, name="Cy", email="cy@example.be")
    with pytest.raises(ValidationError) as error:
        services.incident_inform_people(incident=incident, actor=None, customer=customer)
    assert "instruction" in error.value.message_dict
    assert mail.outbox == []
    emailed, _ = services.incident_inform_people(
        incident=incident, actor=None, customer=customer, instruction="E-mail of 3 Dec: please inform them."
    )
    assert emailed == 1


def test_handler_note_is_appended_and_closed_incident_keeps_its_timeline():
    incident = make_incident()
    services.incident_add_note(incident=incident, actor=None, message="Forensics booked for Monday.")
    assert list(incident.events.values_list("kind", flat=True)) == ["created", "note"]

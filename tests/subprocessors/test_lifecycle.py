"""Lifecycle rules: the notice period, activation on the effective date, transfer safeguards."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from callnex_compliance.platform_data.models import OrganisationProfile
from subprocessors import services
from subprocessors.models import Subprocessor, SubprocessorChange
from subprocessors.tasks import apply_due_changes
from tests.factories.subprocessors import SubprocessorFactory

pytestmark = pytest.mark.django_db


def _announced(now, days=30, **fields) -> Subprocessor:
    subprocessor = SubprocessorFactory(**fields)
    change = services.subprocessor_announce(
        subprocessor=subprocessor, effective_from=now.date() + dt.timedelta(days=days + 1), now=now
    )
    services.notices_send(change_id=change.pk, now=now)  # the notices go out at once, as the task does
    subprocessor.refresh_from_db()
    return subprocessor


def test_announce_is_rejected_when_effective_date_is_inside_notice_period(now):
    subprocessor = SubprocessorFactory()
    with pytest.raises(ValidationError, match="at least 30 days before use"):
        services.subprocessor_announce(
            subprocessor=subprocessor, effective_from=now.date() + dt.timedelta(days=30), now=now
        )
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.PROPOSED
    assert not SubprocessorChange.objects.exists()


def test_announce_makes_the_subprocessor_upcoming_when_notice_is_long_enough(now):
    subprocessor = _announced(now)
    assert subprocessor.status == Subprocessor.Status.ANNOUNCED
    change = subprocessor.changes.get()
    assert change.kind == SubprocessorChange.Kind.ADDITION
    assert change.effective_from == now.date() + dt.timedelta(days=31)
    assert subprocessor.legal_name in change.notice_text


def test_announce_uses_the_notice_period_of_the_organisation_profile(now):
    profile = OrganisationProfile.get_solo()
    profile.subprocessor_notice_days = 45
    profile.save()
    with pytest.raises(ValidationError, match="at least 45 days"):
        _announced(now, days=40)


def test_earliest_effective_date_gives_full_days_of_notice_when_announced_midday(now):
    earliest = services.earliest_effective_date(announced_at=now, notice_days=30)
    assert earliest == now.date() + dt.timedelta(days=31)
    midnight = now.replace(hour=0, minute=0)
    assert services.earliest_effective_date(announced_at=midnight, notice_days=30) == now.date() + dt.timedelta(30)


def test_activation_is_rejected_when_the_effective_date_has_not_come(now):
    subprocessor = _announced(now)
    day_before = now + dt.timedelta(days=30)
    with pytest.raises(ValidationError, match="cannot be used before"):
        services.subprocessor_activate(subprocessor=subprocessor, now=day_before)
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.ANNOUNCED


def test_activation_succeeds_when_the_effective_date_has_come(now):
    subprocessor = _announced(now)
    effective_morning = now.replace(hour=0, minute=1) + dt.timedelta(days=31)
    services.subprocessor_activate(subprocessor=subprocessor, now=effective_morning)
    subprocessor.refresh_from_db()
    assert subprocessor.is_active
    assert subprocessor.changes.get().applied_at == effective_morning


def test_scheduled_task_activates_nothing_before_the_effective_date(now, monkeypatch):
    subprocessor = _announced(now)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now + dt.timedelta(days=30, hours=11))
    assert apply_due_changes() == 0
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.ANNOUNCED


def test_scheduled_task_activates_on_the_effective_date(now, monkeypatch):
    subprocessor = _announced(now)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now.replace(hour=0, minute=5) + dt.timedelta(days=31))
    assert apply_due_changes() == 1
    assert apply_due_changes() == 0  # already applied: a second run does nothing
    subprocessor.refresh_from_db()
    assert subprocessor.is_active


def test_announce_is_rejected_when_a_location_outside_the_eea_has_no_safeguard(now):
    subprocessor = SubprocessorFactory(locations=["DE", "US"])
    with pytest.raises(ValidationError) as error:
        services.subprocessor_announce(
            subprocessor=subprocessor, effective_from=now.date() + dt.timedelta(days=40), now=now
        )
    assert "outside the EEA (US) need a transfer safeguard" in str(error.value)
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.PROPOSED


def test_announce_accepts_a_location_outside_the_eea_under_sccs(now):
    subprocessor = _announced(now, us_under_sccs=True)
    assert subprocessor.status == Subprocessor.Status.ANNOUNCED
    assert subprocessor.third_country_locations == ["US"]
    assert subprocessor.get_transfer_safeguard_display().startswith("Standard Contractual Clauses")


def test_database_rejects_a_safeguard_without_reference_when_saved_directly():
    with pytest.raises(IntegrityError):
        SubprocessorFactory(locations=["US"], transfer_safeguard=Subprocessor.TransferSafeguard.SCC)


def test_read_api_derives_eea_membership_from_the_locations():
    inside = SubprocessorFactory(locations=["NO", "BE"])
    outside = SubprocessorFactory(us_under_sccs=True, locations=["IS", "GB", "US"])
    assert inside.third_country_locations == [] and not inside.requires_transfer_safeguard
    assert outside.third_country_locations == ["GB", "US"] and outside.requires_transfer_safeguard
    assert not inside.has_dpa and not inside.is_active


def test_location_change_takes_effect_on_its_effective_date_only(now, monkeypatch):
    subprocessor = SubprocessorFactory(active=True, us_under_sccs=True, locations=["DE"])
    change = services.subprocessor_announce_location_change(
        subprocessor=subprocessor, locations=["DE", "US"], effective_from=now.date() + dt.timedelta(days=31), now=now
    )
    services.notices_send(change_id=change.pk, now=now)
    subprocessor.refresh_from_db()
    assert [c.code for c in subprocessor.locations] == ["DE"]
    monkeypatch.setattr("django.utils.timezone.now", lambda: now + dt.timedelta(days=31))
    apply_due_changes()
    subprocessor.refresh_from_db()
    assert sorted(c.code for c in subprocessor.locations) == ["DE", "US"]


def test_location_change_is_rejected_when_the_new_country_has_no_safeguard(now):
    subprocessor = SubprocessorFactory(active=True)
    with pytest.raises(ValidationError, match="transfer safeguard"):
        services.subprocessor_announce_location_change(
            subprocessor=subprocessor, locations=["US"], effective_from=now.date() + dt.timedelta(days=40), now=now
        )
    assert not SubprocessorChange.objects.exists()


def test_retiring_logs_a_dated_change_in_effect_at_once(now):
    subprocessor = SubprocessorFactory(active=True)
    change = services.subprocessor_retire(subprocessor=subprocessor, now=now)
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.RETIRED
    assert change.kind == SubprocessorChange.Kind.RETIREMENT and change.applied_at == now


def test_withdrawing_an_announcement_returns_the_subprocessor_to_proposed(now):
    subprocessor = _announced(now)
    services.change_withdraw(change=subprocessor.changes.get(), now=now)
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.PROPOSED
    assert apply_due_changes() == 0

"""The privacy review gates approval; the workflow moves only along its allowed steps."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from legal_basis import services
from legal_basis.models import Dpia, DpiaScreening, LegalBasis, ProcessingActivity
from tests.factories.legal_basis import (
    DpiaFactory,
    DpiaScreeningFactory,
    LegalBasisFactory,
    PersonalDataCategoryFactory,
    ProcessingActivityFactory,
    activity_ready_for_approval,
)
from tests.factories.subprocessors import SubprocessorFactory
from tests.factories.users import StaffUserFactory

Status = ProcessingActivity.Status


@pytest.fixture
def dpc(db):
    return StaffUserFactory(username="dpc-approver")


def _approval_error(activity, by) -> str:
    with pytest.raises(ValidationError) as error:
        services.activity_approve(activity=activity, by=by)
    activity.refresh_from_db()
    assert activity.status == Status.IN_REVIEW
    assert activity.approved_at is None
    return " ".join(error.value.messages)


def _two_criteria(activity) -> DpiaScreening:
    """Meet two EDPB criteria and record the judgement that a DPIA is carried out."""
    screening = activity.screening
    screening.large_scale = screening.systematic_monitoring = True
    screening.judgement = DpiaScreening.Judgement.REQUIRED
    screening.judgement_reasons = "Large-scale monitoring of callers."
    screening.save()
    return screening


def test_approval_records_who_when_and_next_review_in_twelve_months_when_review_passes(dpc):
    activity = activity_ready_for_approval()
    approved_at = dt.datetime(2026, 8, 31, 10, tzinfo=dt.UTC)
    services.activity_approve(activity=activity, by=dpc, now=approved_at)
    activity.refresh_from_db()
    assert (activity.status, activity.approved_by, activity.approved_at) == (Status.APPROVED, dpc, approved_at)
    assert activity.next_review_on == dt.date(2027, 8, 31)
    assert activity.history.first().history_change_reason == "Approved"


def test_next_review_follows_the_activity_interval_when_it_is_shorter(dpc):
    activity = activity_ready_for_approval(review_interval_months=6)
    services.activity_approve(activity=activity, by=dpc, now=dt.datetime(2026, 8, 31, 10, tzinfo=dt.UTC))
    activity.refresh_from_db()
    assert activity.next_review_on == dt.date(2027, 2, 28)


def test_approval_is_blocked_when_screening_is_missing(dpc):
    activity = activity_ready_for_approval()
    activity.screening.delete()
    assert "DPIA screening is missing" in _approval_error(ProcessingActivity.objects.get(pk=activity.pk), dpc)


def test_approval_is_blocked_when_a_screening_criterion_is_unanswered(dpc):
    activity = activity_ready_for_approval()
    DpiaScreening.objects.filter(activity=activity).update(vulnerable_subjects=None)
    assert "screening is incomplete" in _approval_error(activity, dpc)


def test_approval_is_blocked_when_the_judgement_requires_a_dpia_and_there_is_none(dpc):
    activity = activity_ready_for_approval()
    _two_criteria(activity)
    assert "A DPIA is required (the screening's judgement) but there is none" in _approval_error(activity, dpc)


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        ({"reference": ""}, "a reference"),
        ({"conclusion": ""}, "a conclusion"),
        ({"residual_risk": ""}, "the residual risk"),
        ({"signed_off_by": None, "signed_off_at": None}, "a sign-off"),
        ({"residual_risk": Dpia.ResidualRisk.HIGH}, "the prior consultation"),
    ],
    ids=["reference", "conclusion", "residual-risk", "sign-off", "high-risk-without-consultation"],
)
def test_approval_is_blocked_when_the_required_dpia_is_incomplete(dpc, missing, expected):
    activity = activity_ready_for_approval()
    _two_criteria(activity)
    DpiaFactory(activity=activity, **missing)
    assert f"The required DPIA is incomplete: it lacks {expected}" in _approval_error(activity, dpc)


def test_approval_passes_when_the_required_dpia_is_complete(dpc):
    activity = activity_ready_for_approval()
    _two_criteria(activity)
    DpiaFactory(
        activity=activity,
        residual_risk=Dpia.ResidualRisk.HIGH,
        prior_consultation_reference="GBA/2026/17",
        prior_consultation_on=dt.date(2026, 5, 4),
        authority_answer="Written advice: encrypt recordings and shorten retention.",
        prior_consultation_outcome=Dpia.ConsultationOutcome.CONDITIONS,
    )
    assert services.activity_approve(activity=activity, by=dpc).status == Status.APPROVED


def test_one_criterion_needs_no_dpia_when_screening_is_complete(dpc):
    activity = activity_ready_for_approval()
    DpiaScreening.objects.filter(activity=activity).update(large_scale=True)
    assert services.activity_approve(activity=activity, by=dpc).status == Status.APPROVED


def test_approval_is_blocked_when_screening_denies_sensitive_data_of_a_special_category(dpc):
    activity = activity_ready_for_approval(special_categories=True, art9_condition="a")
    assert "no sensitive data" in _approval_error(activity, dpc)


BLOCKING = {
    "no legal basis": (lambda a: a.legal_bases.all().delete(), "has no Art. 6(1) legal basis"),
    "basis (f) without assessment": (
        lambda a: LegalBasisFactory(activity=a, basis=LegalBasis.LEGITIMATE_INTERESTS),
        "without a legitimate-interests assessment",
    ),
    "basis (a) without mechanism": (
        lambda a: LegalBasisFactory(activity=a, basis=LegalBasis.CONSENT),
        "how consent is collected and withdrawn",
    ),
    "special categories without condition": (
        lambda a: a.personal_data_categories.add(PersonalDataCategoryFactory(is_special_category=True)),
        "without an Art. 9(2) condition",
    ),
    "sub-processor not active": (lambda a: a.subprocessors.add(SubprocessorFactory()), "which is not active"),
    "sub-processor without DPA": (
        lambda a: a.subprocessors.add(SubprocessorFactory(active=True, dpa_signed_on=None)),
        "has no signed DPA",
    ),
    "non-EEA without safeguard": (
        lambda a: a.subprocessors.add(SubprocessorFactory(active=True, locations=["US"])),
        "without a transfer safeguard",
    ),
    "data category without retention": (
        lambda a: a.personal_data_categories.add(PersonalDataCategoryFactory(retention_category="")),
        "maps to no retention category",
    ),
    "record incomplete": (lambda a: a.data_subject_categories.clear(), "no categories of data subjects"),
}


@pytest.mark.parametrize(("break_it", "expected"), BLOCKING.values(), ids=BLOCKING.keys())
def test_approval_is_blocked_when_the_activity_fails_a_blocking_check(dpc, break_it, expected):
    activity = activity_ready_for_approval()
    break_it(activity)
    assert expected in _approval_error(activity, dpc)


def test_approval_lists_every_reason_at_once_when_several_fail(dpc):
    activity = activity_ready_for_approval()
    activity.legal_bases.all().delete()
    activity.screening.delete()
    message = _approval_error(ProcessingActivity.objects.get(pk=activity.pk), dpc)
    assert "screening is missing" in message and "legal basis" in message


def test_a_draft_cannot_be_approved_without_review(dpc):
    activity = ProcessingActivityFactory(complete=True)
    DpiaScreeningFactory(activity=activity)
    with pytest.raises(ValidationError, match="A draft activity cannot move to approved"):
        services.activity_approve(activity=activity, by=dpc)


def test_workflow_runs_draft_review_approved_review_retired_when_steps_are_allowed(dpc):
    activity = ProcessingActivityFactory(complete=True)
    DpiaScreeningFactory(activity=activity)
    activity = services.activity_submit_for_review(activity=activity, by=dpc)
    activity = services.activity_return_to_draft(activity=activity, by=dpc)
    activity = services.activity_submit_for_review(activity=activity, by=dpc)
    activity = services.activity_approve(activity=activity, by=dpc)
    activity = services.activity_submit_for_review(activity=activity, by=dpc)  # periodic review
    activity = services.activity_retire(activity=activity, by=dpc)
    assert activity.status == Status.RETIRED and activity.retired_at is not None
    with pytest.raises(ValidationError, match="A retired activity cannot move to in review"):
        services.activity_submit_for_review(activity=activity, by=dpc)


def test_new_activity_starts_in_the_most_privacy_preserving_configuration(db):
    activity = ProcessingActivity.objects.create(name="New idea", purpose="Try something", role="controller",
                                                 owner=StaffUserFactory())  # fmt: skip
    assert activity.status == Status.DRAFT
    assert not activity.special_categories and not activity.all_customers
    for field in ("subprocessors", "customers", "recipient_categories", "personal_data_categories"):
        assert not getattr(activity, field).exists()
    assert activity.next_review_on is None and activity.review_interval_months == 12


def test_dpia_sign_off_records_who_and_when_when_content_is_complete(dpc):
    dpia = DpiaFactory(signed_off_by=None, signed_off_at=None)
    services.dpia_sign_off(dpia=dpia, by=dpc)
    dpia.refresh_from_db()
    assert dpia.signed_off_by == dpc and dpia.signed_off_at is not None


def test_dpia_sign_off_is_refused_when_the_conclusion_is_missing(dpc):
    dpia = DpiaFactory(signed_off_by=None, signed_off_at=None, conclusion="")
    with pytest.raises(ValidationError, match="lacks a conclusion"):
        services.dpia_sign_off(dpia=dpia, by=dpc)


def test_changing_a_signed_dpia_withdraws_its_sign_off(dpc):
    dpia = DpiaFactory()
    dpia.conclusion = "New risks found."
    services.dpia_save(dpia=dpia, by=dpc, content_changed=True)
    dpia.refresh_from_db()
    assert dpia.signed_off_at is None and not dpia.is_complete


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    assert services.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert services.add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)
    assert services.add_months(timezone.localdate(), 12).month == timezone.localdate().month

"""Corrections from the legal review: activities under review stay in the record; the DPIA screening
records a judgement, and the Art. 35(3) cases and the Belgian list each require a DPIA alone; processor
activities get the Art. 28(3)(f) assistance pack; a prior consultation records date, answer, outcome."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from legal_basis import services
from legal_basis.models import ART35_3_CASES, BELGIAN_LIST, Dpia, DpiaScreening, ProcessingActivity
from legal_basis.ropa import CONTROLLER, PROCESSOR, build_record
from tests.factories.legal_basis import DpiaFactory, activity_ready_for_approval, approved_activity
from tests.factories.subprocessors import SubprocessorFactory
from tests.factories.users import StaffUserFactory

Status = ProcessingActivity.Status


@pytest.fixture
def dpc(db):
    return StaffUserFactory(username="dpc-approver")


def _problems(activity) -> str:
    return " ".join(services.approval_problems(activity))


def test_activity_stays_in_the_record_when_it_is_under_periodic_review(dpc):
    activity = approved_activity(name="Call routing")
    services.activity_submit_for_review(activity=activity, by=dpc)
    record = build_record(kind=CONTROLLER)
    assert [row["activity"] for row in record.rows] == ["Call routing"]
    assert "Status: In review" in record.rows[0]["accountability"]


def test_activity_leaves_the_record_when_it_is_retired(dpc):
    activity = approved_activity(name="Call routing")
    services.activity_retire(activity=activity, by=dpc)
    assert build_record(kind=CONTROLLER).rows == []


def test_a_draft_never_approved_is_not_in_the_record_when_it_is_in_review(dpc):
    activity_ready_for_approval(name="New idea")
    assert build_record(kind=CONTROLLER).rows == []


def test_two_criteria_ask_for_a_recorded_judgement_when_no_case_requires_a_dpia(dpc):
    activity = activity_ready_for_approval()
    DpiaScreening.objects.filter(activity=activity).update(large_scale=True, matching_datasets=True)
    assert "Record the judgement and its reasons" in _problems(activity)


def test_two_criteria_need_no_dpia_when_the_reasoned_judgement_says_so(dpc):
    activity = activity_ready_for_approval()
    DpiaScreening.objects.filter(activity=activity).update(
        large_scale=True,
        matching_datasets=True,
        judgement=DpiaScreening.Judgement.NOT_REQUIRED,
        judgement_reasons="Only aggregated counts are matched; no individual effect.",
    )
    assert services.activity_approve(activity=activity, by=dpc).status == Status.APPROVED
    assert "judgement: no DPIA. Only aggregated counts" in build_record(kind=CONTROLLER).rows[0]["dpia"]


def test_a_no_dpia_judgement_without_reasons_is_refused_by_the_database(dpc):
    activity = activity_ready_for_approval()
    screening = activity.screening
    screening.judgement = DpiaScreening.Judgement.NOT_REQUIRED
    with pytest.raises(ValidationError):
        screening.full_clean()


MANDATORY = ART35_3_CASES + BELGIAN_LIST


@pytest.mark.parametrize(("code", "label"), MANDATORY, ids=[code for code, _ in MANDATORY])
def test_each_mandatory_case_requires_a_dpia_alone_when_no_criterion_is_met(dpc, code, label):
    activity = activity_ready_for_approval()
    DpiaScreening.objects.filter(activity=activity).update(
        mandatory_cases=[code],
        judgement=DpiaScreening.Judgement.NOT_REQUIRED,
        judgement_reasons="We think the risk is low.",
    )
    with pytest.raises(ValidationError) as error:
        services.activity_approve(activity=activity, by=dpc)
    assert f"A DPIA is required ({label}) but there is none" in " ".join(error.value.messages)


def test_criminal_offence_data_at_large_scale_is_one_of_the_mandatory_cases():
    assert any("Art. 10" in label and "large-scale" in label for _, label in ART35_3_CASES)


def _processor_activity(**fields):
    activity = activity_ready_for_approval(
        role=ProcessingActivity.Role.PROCESSOR,
        all_customers=True,
        description="Records calls of customers' campaigns and stores the audio for the customer.",
        **fields,
    )
    DpiaScreening.objects.filter(activity=activity).update(
        large_scale=True, systematic_monitoring=True, mandatory_cases=["be_7"]
    )
    return activity


def test_processor_activity_is_approved_without_a_dpia_of_our_own_when_the_case_requires_one(dpc):
    activity = _processor_activity()
    assert services.activity_approve(activity=activity, by=dpc).status == Status.APPROVED
    assert "assistance pack" in build_record(kind=PROCESSOR).rows[0]["dpia"]


def test_processor_activity_gets_the_assistance_pack_with_description_measures_and_subprocessors(admin_client):
    activity = _processor_activity(name="Call recording")
    activity.subprocessors.add(SubprocessorFactory(public_name="AudioVault", active=True))
    measure = activity.security_measures.first()
    response = admin_client.get(reverse("admin:legal_basis_assistance", args=[activity.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Art. 28(3)(f)" in page
    assert "stores the audio for the customer" in page
    assert measure.name in page and "AudioVault" in page
    assert "BE list 7" in page


def test_processor_activity_is_blocked_when_the_assistance_pack_lacks_a_description(dpc):
    activity = _processor_activity()
    ProcessingActivity.objects.filter(pk=activity.pk).update(description="")
    assert "needs a description" in _problems(ProcessingActivity.objects.get(pk=activity.pk))


def _high_risk(activity, **consultation) -> Dpia:
    screening = activity.screening
    screening.mandatory_cases = ["art35_3_b_special"]
    screening.save()
    return DpiaFactory(activity=activity, residual_risk=Dpia.ResidualRisk.HIGH, **consultation)


def test_prior_consultation_needs_date_answer_and_outcome_when_only_a_file_number_is_recorded(dpc):
    activity = activity_ready_for_approval()
    _high_risk(activity, prior_consultation_reference="GBA/2026/17")
    problems = _problems(activity)
    assert "its date, the authority's answer, its outcome" in problems


def test_prior_consultation_blocks_approval_when_the_authority_objected(dpc):
    activity = activity_ready_for_approval()
    _high_risk(
        activity,
        prior_consultation_on=dt.date(2026, 3, 2),
        authority_answer="The processing would infringe Art. 5(1)(c).",
        prior_consultation_outcome=Dpia.ConsultationOutcome.STOPPED,
    )
    assert "supervisory authority objected" in _problems(activity)

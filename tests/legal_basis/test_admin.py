"""The register in admin: a constant-query changelist, filters, the review inlines and the workflow."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from legal_basis.models import ActivityLegalBasis, DpiaScreening, LegalBasis, ProcessingActivity, SecurityMeasure
from tests.factories.legal_basis import (
    DataSubjectCategoryFactory,
    DpiaFactory,
    LegalBasisFactory,
    PersonalDataCategoryFactory,
    ProcessingActivityFactory,
    activity_ready_for_approval,
    approved_activity,
)
from tests.factories.subprocessors import SubprocessorFactory

CHANGELIST = "/admin/legal_basis/processingactivity/"


def _bulk_register(count: int, owner) -> None:
    """Create `count` approved activities, each with two bases and a sub-processor, without per-row saves."""
    start = ProcessingActivity.objects.count()
    activities = ProcessingActivity.objects.bulk_create(
        ProcessingActivity(
            name=f"Bulk activity {start + i}", purpose="Bulk", role="controller", owner=owner, status="approved",
            approved_by=owner, approved_at=timezone.now(), next_review_on=timezone.localdate(),
        )
        for i in range(count)
    )  # fmt: skip
    ActivityLegalBasis.objects.bulk_create(
        ActivityLegalBasis(activity=a, basis=basis) for a in activities for basis in ("contract", "legal_obligation")
    )
    subprocessor = SubprocessorFactory(active=True)
    ProcessingActivity.subprocessors.through.objects.bulk_create(
        ProcessingActivity.subprocessors.through(processingactivity=a, subprocessor=subprocessor) for a in activities
    )


def _changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    return len(queries)


def test_changelist_runs_the_same_number_of_queries_for_5_and_200_activities(dpc_client, dpc_user):
    _bulk_register(5, dpc_user)
    small = _changelist_queries(dpc_client)
    _bulk_register(195, dpc_user)
    large = _changelist_queries(dpc_client)
    assert small == large


def _names(client, query: str) -> set[str]:
    response = client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 200
    return {activity.name for activity in response.context["cl"].result_list}


@pytest.fixture
def mixed_register(db):
    marketing = approved_activity(name="Prospect marketing")
    LegalBasisFactory(activity=marketing, basis=LegalBasis.LEGITIMATE_INTERESTS)
    marketing.legitimate_interests_assessment = "Documented."
    marketing.next_review_on = timezone.localdate() - dt.timedelta(days=2)
    marketing.save()
    approved_activity(name="Call recording", role="processor", all_customers=True)
    ProcessingActivityFactory(name="New analytics idea")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("role__exact=processor", {"Call recording"}),
        ("basis=legitimate_interests", {"Prospect marketing"}),
        ("basis=none", {"Call recording", "New analytics idea"}),
        ("status__exact=draft", {"New analytics idea"}),
        ("review_due=overdue", {"Prospect marketing"}),
        ("q=recording", {"Call recording"}),
    ],
)
def test_changelist_filters_and_search_narrow_the_register(dpc_client, mixed_register, query, expected):
    assert _names(dpc_client, query) == expected


def test_changelist_flags_activities_with_findings(dpc_client, mixed_register):
    activity = ProcessingActivity.objects.get(name="Prospect marketing")
    activity.subprocessors.add(SubprocessorFactory(public_name="Upcoming"))
    page = dpc_client.get(CHANGELIST).content.decode()
    assert "⚠ 3" in page  # overdue review; sub-processor neither active nor under a DPA
    assert "which is not active" in page


def test_findings_page_lists_each_finding_with_its_rule(dpc_client, mixed_register):
    page = dpc_client.get(f"{CHANGELIST}findings/").content.decode()
    assert "Review overdue" in page
    assert "Prospect marketing was due for review" in page


def _management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def _add_form(owner, **fields) -> dict:
    return {
        "name": "Website analytics",
        "purpose": "Measure visits to improve the website.",
        "role": "controller",
        "owner": owner.pk,
        "review_interval_months": 12,
        **_management("legal_bases"),
        **_management("screening"),
        **_management("dpia"),
        **fields,
    }


def test_adding_an_activity_with_screening_stamps_who_screened_it(dpc_client, dpc_user):
    criteria = {f"screening-0-{name}": "false" for name in (
        "evaluation_or_scoring", "automated_decision_legal_effect", "systematic_monitoring", "sensitive_data",
        "large_scale", "matching_datasets", "vulnerable_subjects", "innovative_technology",
        "prevents_exercising_right",
    )}  # fmt: skip
    data = _add_form(
        dpc_user,
        **_management("legal_bases", total=1),
        **{"legal_bases-0-basis": "consent", "legal_bases-0-justification": "Analytics cookies"},
        **_management("screening", total=1),
        **criteria,
    )
    response = dpc_client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    activity = ProcessingActivity.objects.get(name="Website analytics")
    assert activity.status == ProcessingActivity.Status.DRAFT
    assert activity.screening.screened_by == dpc_user and activity.screening.is_complete
    assert list(activity.legal_bases.values_list("basis", flat=True)) == ["consent"]


def test_a_processor_activity_cannot_record_a_legal_basis_of_its_own(dpc_client, dpc_user):
    data = _add_form(
        dpc_user, role="processor", **_management("legal_bases", total=1), **{"legal_bases-0-basis": "contract"}
    )
    response = dpc_client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 200
    assert "the basis is the customer&#x27;s" in response.content.decode()
    assert not ProcessingActivity.objects.exists()


def _workflow(client, activity, step: str):
    """Press a workflow button; confirm on the confirmation page when the step asks for one."""
    url = f"{CHANGELIST}{activity.pk}/workflow/"
    response = client.post(url, {"step": step}, follow=True)
    if response.context and response.context.get("token") and not response.context.get("blocked"):
        response = client.post(url, {"step": step, "confirm": response.context["token"]}, follow=True)
    return response


def test_approve_button_shows_every_blocking_reason_when_review_is_missing(dpc_client):
    activity = ProcessingActivityFactory(complete=True, status=ProcessingActivity.Status.IN_REVIEW)
    page = _workflow(dpc_client, activity, "approve").content.decode()
    assert "The DPIA screening is missing" in page
    activity.refresh_from_db()
    assert activity.status == ProcessingActivity.Status.IN_REVIEW


def test_approve_button_approves_and_records_the_approver_when_review_passes(dpc_client, dpc_user):
    activity = activity_ready_for_approval()
    response = _workflow(dpc_client, activity, "approve")
    assert f"{activity.name}: approved." in response.content.decode()
    activity.refresh_from_db()
    assert activity.approved_by == dpc_user


@pytest.mark.parametrize("client_fixture", ["handler_client", "auditor_client"])
def test_other_roles_cannot_approve_an_activity(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    activity = activity_ready_for_approval()
    assert client.post(f"{CHANGELIST}{activity.pk}/workflow/", {"step": "approve"}).status_code == 403
    activity.refresh_from_db()
    assert activity.status == ProcessingActivity.Status.IN_REVIEW


def test_auditor_reads_the_register_and_its_records(auditor_client, mixed_register):
    assert auditor_client.get(CHANGELIST).status_code == 200
    assert auditor_client.get(f"{CHANGELIST}record/controller/").status_code == 200


def test_record_downloads_as_csv_with_a_dated_file_name(dpc_client, mixed_register):
    response = dpc_client.get(f"{CHANGELIST}record/processor/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="ropa-processor-')
    assert "Call recording" in response.content.decode()


def test_record_refuses_an_unknown_format_with_a_clear_message(dpc_client, mixed_register):
    response = dpc_client.get(f"{CHANGELIST}record/controller/?format=xml")
    assert response.status_code == 400
    assert b"choose csv, json, html or pdf" in response.content


def test_print_action_renders_the_record_of_the_selected_activities(dpc_client, mixed_register):
    selected = ProcessingActivity.objects.filter(name__in=["Prospect marketing", "Call recording"])
    response = dpc_client.post(CHANGELIST, {"action": "print_record", "_selected_action": [a.pk for a in selected]})
    page = response.content.decode()
    assert "Record of processing activities — controller" in page
    assert "Record of processing activities — processor" in page
    assert "New analytics idea" not in page


def test_change_page_shows_derived_transfers_and_retention(dpc_client):
    activity = approved_activity()
    activity.subprocessors.add(SubprocessorFactory(active=True, us_under_sccs=True, public_name="Speechly"))
    activity.personal_data_categories.add(
        PersonalDataCategoryFactory(name="Transcripts", retention_category="transcripts")
    )
    page = dpc_client.get(f"{CHANGELIST}{activity.pk}/change/").content.decode()
    assert "United States of America" in page and "Standard Contractual Clauses" in page
    assert "Transcripts: 30 days from call ended" in page


def test_saving_an_approved_activity_warns_about_its_failing_checks(dpc_client, dpc_user):
    activity = approved_activity(name="Support desk")
    DataSubjectCategoryFactory()
    data = _add_form(
        dpc_user,
        name="Support desk",
        data_subject_categories=[c.pk for c in activity.data_subject_categories.all()],
        personal_data_categories=[c.pk for c in activity.personal_data_categories.all()],
        security_measures=[SecurityMeasure.objects.first().pk],
        next_review_on=activity.next_review_on.isoformat(),
        **_management("legal_bases", total=1, initial=1),
        **{"legal_bases-0-id": activity.legal_bases.get().pk, "legal_bases-0-activity": activity.pk,
           "legal_bases-0-basis": "contract", "legal_bases-0-DELETE": "on"},
    )  # fmt: skip
    page = dpc_client.post(f"{CHANGELIST}{activity.pk}/change/", data, follow=True).content.decode()
    assert "Check failed: Support desk has no Art. 6(1) legal basis." in page
    assert DpiaScreening.objects.count() == 0


def test_sign_off_button_signs_the_dpia_as_the_data_protection_contact(dpc_client, dpc_user):
    activity = activity_ready_for_approval()
    dpia = DpiaFactory(activity=activity, signed_off_by=None, signed_off_at=None)
    page = dpc_client.get(f"{CHANGELIST}{activity.pk}/change/").content.decode()
    assert 'value="sign_off_dpia"' in page
    assert "DPIA signed off" in _workflow(dpc_client, activity, "sign_off_dpia").content.decode()
    dpia.refresh_from_db()
    assert dpia.signed_off_by == dpc_user


def test_print_link_of_one_activity_shows_only_that_activity(dpc_client, mixed_register):
    activity = ProcessingActivity.objects.get(name="Prospect marketing")
    approved_activity(name="Customer support")
    page = dpc_client.get(f"{CHANGELIST}{activity.pk}/change/").content.decode()
    assert f"record/controller/?activity={activity.pk}" in page
    record = dpc_client.get(f"{CHANGELIST}record/controller/?activity={activity.pk}").content.decode()
    assert "Prospect marketing" in record and "Customer support" not in record


def test_printable_record_offers_csv_and_json_downloads(dpc_client, mixed_register):
    page = dpc_client.get(f"{CHANGELIST}record/processor/").content.decode()
    assert "?format=csv&amp;download=1" in page and "?format=json&amp;download=1" in page

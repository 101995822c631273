"""Each cross-register check fires on a broken register and clears when the register is fixed."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from legal_basis.checks import register_findings
from legal_basis.models import LegalBasis, ProcessingActivity, SecurityMeasure
from retention.models import RetentionPolicy
from subprocessors.models import Subprocessor
from tests.factories.legal_basis import (
    LegalBasisFactory,
    PersonalDataCategoryFactory,
    ProcessingActivityFactory,
    approved_activity,
)
from tests.factories.platform_data import CustomerFactory
from tests.factories.subprocessors import SubprocessorFactory


def _rules(activity=None) -> set[str]:
    return {f.rule for f in register_findings() if activity is None or f.object_id == activity.pk}


def test_register_is_clean_when_every_activity_is_complete(db):
    approved_activity()
    approved_activity(role=ProcessingActivity.Role.PROCESSOR, all_customers=True)
    assert register_findings() == []


def _without_basis(activity):
    activity.legal_bases.all().delete()


def _with_basis(activity):
    LegalBasisFactory(activity=activity)


def _lia_missing(activity):
    LegalBasisFactory(activity=activity, basis=LegalBasis.LEGITIMATE_INTERESTS)


def _lia_written(activity):
    activity.legitimate_interests_assessment = "Interest: fraud prevention; necessary; balanced by short retention."
    activity.save()


def _consent_undescribed(activity):
    LegalBasisFactory(activity=activity, basis=LegalBasis.CONSENT)


def _consent_described(activity):
    activity.consent_mechanism = "Cookie banner opt-in; withdrawn from the footer link at any time."
    activity.save()


def _special_data(activity):
    activity.personal_data_categories.add(PersonalDataCategoryFactory(name="Health data", is_special_category=True))


def _art9_condition(activity):
    activity.art9_condition = "a"
    activity.save()


def _special_flag(activity):
    activity.special_categories = True
    activity.save()


def _inactive_subprocessor(activity):
    activity.subprocessors.add(SubprocessorFactory(public_name="Soon", dpa_signed_on=timezone.localdate()))


def _activate_subprocessors(activity):
    activity.subprocessors.update(status=Subprocessor.Status.ACTIVE, activated_at=timezone.now())


def _subprocessor_without_dpa(activity):
    activity.subprocessors.add(SubprocessorFactory(active=True, dpa_signed_on=None))


def _sign_dpas(activity):
    activity.subprocessors.update(dpa_signed_on=timezone.localdate())


def _us_subprocessor_without_safeguard(activity):
    activity.subprocessors.add(SubprocessorFactory(active=True, locations=["DE", "US"]))


def _add_sccs(activity):
    activity.subprocessors.update(transfer_safeguard="scc", safeguard_reference="SCCs 2021/914 module 3")


def _unmapped_category(activity):
    activity.personal_data_categories.add(PersonalDataCategoryFactory(name="Unmapped", retention_category=""))


def _map_categories(activity):
    activity.personal_data_categories.update(retention_category="support_tickets")


def _policy_deleted(activity):
    activity.personal_data_categories.update(retention_category="transcripts")
    RetentionPolicy.objects.filter(category="transcripts").delete()


def _policy_restored(activity):
    RetentionPolicy.objects.create(
        category="transcripts", role="processor", period_value=30, period_unit="days", anchor="call_ended",
        action="delete", justification="Restored.",
    )  # fmt: skip


def _review_passed(activity):
    activity.next_review_on = timezone.localdate() - dt.timedelta(days=1)
    activity.save()


def _review_rescheduled(activity):
    activity.next_review_on = timezone.localdate()
    activity.save()


def _no_customers(activity):
    activity.role = ProcessingActivity.Role.PROCESSOR
    activity.legal_bases.all().delete()
    activity.save()


def _customer_linked(activity):
    activity.customers.add(CustomerFactory())


def _no_measures(activity):
    activity.security_measures.clear()


def _measure_linked(activity):
    activity.security_measures.add(SecurityMeasure.objects.first())


CASES = {
    "approved_without_legal_basis": (_without_basis, _with_basis),
    "legitimate_interests_without_assessment": (_lia_missing, _lia_written),
    "consent_without_mechanism": (_consent_undescribed, _consent_described),
    "special_categories_without_condition": (_special_data, _art9_condition),
    "subprocessor_not_usable": (_inactive_subprocessor, _activate_subprocessors),
    "transfer_without_safeguard": (_us_subprocessor_without_safeguard, _add_sccs),
    "data_category_without_retention": (_unmapped_category, _map_categories),
    "review_overdue": (_review_passed, _review_rescheduled),
    "processor_without_controller": (_no_customers, _customer_linked),
    "record_incomplete": (_no_measures, _measure_linked),
}
EXTRA_CASES = {
    "special flag without condition": ("special_categories_without_condition", _special_flag, _art9_condition),
    "subprocessor without DPA": ("subprocessor_not_usable", _subprocessor_without_dpa, _sign_dpas),
    "retention policy deleted": ("data_category_without_retention", _policy_deleted, _policy_restored),
}
ALL_CASES = {code: (code, *fns) for code, fns in CASES.items()} | EXTRA_CASES


@pytest.mark.parametrize("case", ALL_CASES.values(), ids=ALL_CASES.keys())
def test_check_fires_when_register_is_broken_and_clears_when_fixed(db, case):
    rule, break_it, fix_it = case
    activity = approved_activity()
    assert _rules() == set()
    break_it(activity)
    assert _rules(activity) == {rule}
    fix_it(activity)
    assert _rules() == set()


@pytest.mark.parametrize("status", [ProcessingActivity.Status.DRAFT, ProcessingActivity.Status.RETIRED])
def test_checks_ignore_activities_not_in_force_when_draft_or_retired(db, status):
    activity = ProcessingActivityFactory(status=status, retired_at=timezone.now())
    LegalBasisFactory(activity=activity, basis=LegalBasis.LEGITIMATE_INTERESTS)
    assert register_findings() == []


def test_in_review_activity_is_checked_but_not_for_approval_only_rules(db):
    activity = ProcessingActivityFactory(complete=True, status=ProcessingActivity.Status.IN_REVIEW)
    activity.legal_bases.all().delete()
    _lia_missing(activity)
    assert _rules(activity) == {"legitimate_interests_without_assessment"}


def test_finding_names_rule_object_and_message(db):
    activity = approved_activity(name="Prospect marketing")
    _inactive_subprocessor(activity)
    [finding] = [f.as_dict() for f in register_findings()]
    assert finding["rule"] == "subprocessor_not_usable"
    assert finding["object"] == {"type": "processing_activity", "id": activity.pk, "name": "Prospect marketing"}
    assert finding["related"]["type"] == "subprocessors.subprocessor"
    assert finding["message"] == "Prospect marketing uses sub-processor Soon, which is not active (proposed)."


def _broken_register(count: int) -> None:
    for _ in range(count):
        activity = approved_activity()
        _us_subprocessor_without_safeguard(activity)
        _unmapped_category(activity)
        _lia_missing(activity)


def test_checks_run_a_constant_number_of_queries_when_the_register_grows(db):
    _broken_register(2)
    with CaptureQueriesContext(connection) as small:
        assert len(register_findings()) == 2 * 3
    _broken_register(20)
    with CaptureQueriesContext(connection) as large:
        assert len(register_findings()) == 22 * 3
    assert len(small) == len(large) <= 6

"""The customer DPA register: every customer with campaign data is bound by a recorded DPA version."""

import contextlib
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from legal_basis.models import ProcessingActivity
from subprocessors.models import CustomerDPA, SccModule
from tests.factories.legal_basis import approved_activity
from tests.factories.platform_data import CampaignFactory, CustomerFactory
from tests.factories.subprocessors import SubprocessorFactory, customer_dpa

pytestmark = pytest.mark.django_db


def _findings() -> list[dict]:
    out = io.StringIO()
    with contextlib.suppress(CommandError):
        call_command("compliance_check", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_compliance_check_flags_a_customer_with_campaign_data_and_no_dpa():
    flagged = CampaignFactory().customer
    CustomerFactory()  # no campaign data: nothing to process, nothing to flag
    covered = CampaignFactory().customer
    customer_dpa(covered)
    findings = [f for f in _findings() if f["rule"] == "customer_without_dpa"]
    assert [f["object"]["name"] for f in findings] == [flagged.name]
    assert findings[0]["message"] == f"{flagged.name} holds campaign data but is bound by no DPA."


def test_dpa_records_privacy_contact_instructions_and_subprocessor_snapshot():
    customer = CampaignFactory().customer
    active = SubprocessorFactory(active=True, public_name="Hetzner")
    SubprocessorFactory(public_name="Never used")  # proposed: not part of the DPA
    for_everyone = approved_activity(name="Call handling", role=ProcessingActivity.Role.PROCESSOR, all_customers=True)
    approved_activity(name="Billing")  # controller activity: no instruction of the customer
    dpa = customer_dpa(customer, campaigns=list(customer.campaigns.all()))
    assert dpa.privacy_contact == customer.contact_email
    assert dpa.effective_from == customer.contract_started_on
    assert list(dpa.processing_activities.all()) == [for_everyone]
    assert list(dpa.campaigns.all()) == list(customer.campaigns.all())
    assert [row["public_name"] for row in dpa.subprocessor_snapshot] == ["Hetzner"]
    # The snapshot is what stood at signature: a later change leaves it as it was.
    active.public_name = "Hetzner Cloud"
    active.save()
    dpa.refresh_from_db()
    assert dpa.subprocessor_snapshot[0]["public_name"] == "Hetzner"
    assert dpa.history.latest().processing_activities.count() == 1  # instructions kept in history too


def test_dpa_is_refused_when_the_customer_has_no_privacy_contact():
    customer = CustomerFactory(contact_email="")
    with pytest.raises(ValidationError, match="no privacy contact email"):
        customer_dpa(customer)
    assert not CustomerDPA.objects.exists()


def test_dpa_of_a_customer_outside_the_eea_needs_an_scc_module():
    customer = CustomerFactory()
    with pytest.raises(ValidationError, match="needs an SCC module"):
        customer_dpa(customer, customer_country="CH")
    dpa = customer_dpa(customer, customer_country="CH", scc_module=SccModule.P2C)
    assert dpa.get_scc_module_display() == "Module 4 (processor to controller)"


def test_countersigned_dpa_needs_its_date_and_both_signatories():
    customer = CustomerFactory()
    with pytest.raises(ValidationError, match="both signatories"):
        customer_dpa(customer, conclusion=CustomerDPA.Conclusion.COUNTERSIGNED, customer_signatory="A. Peeters, CEO")


def test_database_keeps_one_dpa_per_customer_and_template_version():
    customer = CustomerFactory()
    dpa = customer_dpa(customer)
    with pytest.raises(IntegrityError):
        CustomerDPA.objects.create(
            customer=customer,
            template_version=dpa.template_version,
            effective_from=dpa.effective_from,
            privacy_contact=dpa.privacy_contact,
        )


def test_end_of_contract_choice_and_period_are_recorded():
    dpa = customer_dpa(CustomerFactory(), end_of_contract=CustomerDPA.EndOfContract.DELETE, end_of_contract_days=14)
    assert dpa.get_end_of_contract_display() == "Delete all data" and dpa.end_of_contract_days == 14

"""Transfer tools (Chapter V): locations of storage and remote access, DPF, SCC modules from roles, TIAs."""

import datetime as dt

import pytest
from django.utils import timezone

from legal_basis.checks import no_training_findings, transfer_findings
from subprocessors import demo
from subprocessors.models import Subprocessor
from subprocessors.transfers import transfer_gaps
from tests.factories.subprocessors import SubprocessorFactory

pytestmark = pytest.mark.django_db
Safeguard = Subprocessor.TransferSafeguard


def _flagged() -> dict[str, list[str]]:
    flagged: dict[str, list[str]] = {}
    # The no-training gap has its own compliance_check rule since the GDPR page's promise depends on it.
    for finding in transfer_findings() + no_training_findings():
        flagged.setdefault(finding.object_name.split(" (")[0], []).append(finding.message)
    return flagged


def test_us_location_relying_on_adequacy_without_a_dated_dpf_check_is_flagged():
    SubprocessorFactory(
        active=True, public_name="Acme", locations=["US"], transfer_safeguard=Safeguard.ADEQUACY,
        safeguard_reference="Decision 2023/1795 (EU-US DPF)",
    )  # fmt: skip
    assert _flagged() == {
        "Acme": ["Acme: relies on the US adequacy decision without a dated check of its EU-US DPF certification."]
    }
    Subprocessor.objects.update(dpf_checked_on=timezone.localdate() - dt.timedelta(days=10))
    assert _flagged() == {}


def test_us_location_under_sccs_without_a_transfer_impact_assessment_is_flagged():
    subprocessor = SubprocessorFactory(active=True, us_under_sccs=True, public_name="Acme")
    assert transfer_gaps(subprocessor) == []
    Subprocessor.objects.update(tia_completed_on=None, tia_document="")
    assert _flagged() == {"Acme": ["Acme: its transfer impact assessment has no date, no document."]}


def test_remote_access_from_outside_the_eea_needs_a_safeguard_too():
    subprocessor = SubprocessorFactory(
        active=True, public_name="Acme", locations=["IE"], remote_access_locations=["IN"]
    )
    assert subprocessor.third_country_locations == ["IN"]
    assert transfer_gaps(subprocessor) == ["transfers data outside the EEA (IN) without a transfer safeguard"]


@pytest.mark.parametrize(
    ("roles", "modules"),
    [
        ({"processes_customer_data": True}, {"3"}),
        ({"processes_customer_data": False, "processes_own_data": True}, {"2"}),
        ({"processes_customer_data": False, "processes_own_data": True, "importer_is_controller": True}, {"1"}),
        ({"processes_customer_data": True, "processes_own_data": True}, {"2", "3"}),
    ],
)
def test_scc_modules_are_derived_from_the_roles(roles, modules):
    assert SubprocessorFactory.build(**roles).required_scc_modules == modules


def test_own_vendor_under_module_3_is_flagged_as_the_wrong_module():
    subprocessor = SubprocessorFactory(
        active=True, us_under_sccs=True, public_name="Desk", processes_customer_data=False, processes_own_data=True
    )
    assert transfer_gaps(subprocessor) == [
        "its roles call for SCC module 2, but module 2 is not signed",
        "it signs SCC module 3, which its roles do not call for",
    ]


def test_vendor_needing_two_modules_is_flagged_until_both_are_signed():
    subprocessor = SubprocessorFactory(active=True, us_under_sccs=True, processes_own_data=True)
    assert "module 2 is not signed" in transfer_gaps(subprocessor)[0]
    subprocessor.scc_modules = "2,3"
    assert transfer_gaps(subprocessor) == []


def test_ai_service_without_a_no_training_commitment_is_flagged():
    subprocessor = SubprocessorFactory(active=True, uses_ai=True, public_name="Speechy")
    assert _flagged() == {
        "Speechy": ["Speechy: is an AI or transcription service without a recorded no-training commitment."]
    }
    subprocessor.no_training_commitment = "DPA clause 7: no training on customer data."
    subprocessor.save()
    assert _flagged() == {}


def test_demo_register_has_no_transfer_gaps_and_zendesk_is_module_2():
    demo.load()
    zendesk = Subprocessor.objects.get(public_name="Zendesk")
    assert zendesk.signed_scc_modules == {"2"} and "module 2" in zendesk.safeguard_reference
    assert zendesk.third_country_locations == ["US"]
    assert _flagged() == {}

"""Both Art. 30 records export every field, labelled with the article letter it fulfils."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from callnex_compliance.platform_data.models import OrganisationProfile
from legal_basis.models import ProcessingActivity
from tests.factories.legal_basis import PersonalDataCategoryFactory, RecipientCategoryFactory, approved_activity
from tests.factories.platform_data import CustomerFactory
from tests.factories.subprocessors import SubprocessorFactory

CONTROLLER_LETTERS = [f"Art. 30(1)({letter})" for letter in "abcdefg"]
PROCESSOR_LETTERS = [f"Art. 30(2)({letter})" for letter in "abcd"]


@pytest.fixture
def register(db):
    """One approved activity per role, with a non-EEA sub-processor and mapped data categories."""
    aws = SubprocessorFactory(active=True, us_under_sccs=True, public_name="Speechly", service="Transcription")
    recordings = PersonalDataCategoryFactory(name="Call recordings", retention_category="call_recordings")
    marketing = approved_activity(name="Prospect marketing", purpose="Call prospects about our platform.")
    marketing.recipient_categories.add(RecipientCategoryFactory(name="Marketing agency"))
    marketing.subprocessors.add(aws)
    transcription = approved_activity(
        name="Call transcription", role=ProcessingActivity.Role.PROCESSOR, purpose="Transcribe calls."
    )
    transcription.customers.add(CustomerFactory(name="Brasserie Delvaux SRL", contact_email="privacy@delvaux.be"))
    transcription.subprocessors.add(aws)
    transcription.personal_data_categories.add(recordings)
    ProcessingActivity.objects.create(name="A draft", purpose="Not yet", role="controller", owner=marketing.owner)
    return {"controller": marketing, "processor": transcription}


def _export(record: str, fmt: str) -> str:
    out = io.StringIO()
    call_command("export_ropa", "--record", record, "--format", fmt, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("record", "letters"), [("controller", CONTROLLER_LETTERS), ("processor", PROCESSOR_LETTERS)])
def test_csv_has_a_filled_column_for_every_art_30_letter(register, record, letters):
    [row] = list(csv.DictReader(io.StringIO(_export(record, "csv"))))
    for letter in letters:
        columns = [heading for heading in row if heading.startswith(letter)]
        assert columns, f"no column for {letter}"
        assert all(row[heading].strip() for heading in columns), f"empty value for {letter}"


@pytest.mark.parametrize(("record", "letters"), [("controller", CONTROLLER_LETTERS), ("processor", PROCESSOR_LETTERS)])
def test_json_labels_every_art_30_letter_with_a_value(register, record, letters):
    data = json.loads(_export(record, "json"))
    assert data["record"] == record
    [activity] = data["activities"]
    fields = list(data["organisation"].values()) + list(activity.values())
    for letter in letters:
        values = [field["value"] for field in fields if field["article"].startswith(letter)]
        assert values and all(values), f"no value for {letter}"


def test_controller_record_derives_transfers_and_retention_from_the_other_registers(register):
    [activity] = json.loads(_export("controller", "json"))["activities"]
    assert activity["activity"]["value"] == "Prospect marketing"
    assert activity["transfers"]["value"] == [
        "Speechly (Speechly GmbH) — United States of America — Standard Contractual Clauses (Art. 46(2)(c)) "
        "(EU SCCs 2021/914, module 3 (processor to processor))"
    ]
    assert activity["erasure_time_limits"]["value"][0].endswith("12 months from contract ended")
    assert "Marketing agency" in activity["recipients"]["value"]
    assert activity["legal_basis"]["value"] == ["Art. 6(1)(b) contract"]


def test_processor_record_lists_each_controller_and_its_contact(register):
    [activity] = json.loads(_export("processor", "json"))["activities"]
    assert activity["controllers"]["value"] == ["Brasserie Delvaux SRL (privacy@delvaux.be)"]
    assert activity["controllers"]["article"] == "Art. 30(2)(a)"
    assert "Call recordings: 30 days from call ended" in activity["erasure_time_limits"]["value"]


def test_processor_record_lists_every_current_customer_when_done_for_all(register):
    activity = register["processor"]
    activity.all_customers = True
    activity.save()
    CustomerFactory(name="Gent Telecom Partners BV", contact_email="")
    [row] = json.loads(_export("processor", "json"))["activities"]
    assert "Gent Telecom Partners BV" in row["controllers"]["value"]


def test_records_are_headed_by_the_edited_organisation_profile(register):
    profile = OrganisationProfile.get_solo()
    profile.legal_name = "CallNex Europe BV"
    profile.save()
    data = json.loads(_export("controller", "json"))
    assert data["organisation"]["organisation_name"] == {
        "article": "Art. 30(1)(a)", "label": "Controller name", "value": "CallNex Europe BV"
    }  # fmt: skip
    assert "CallNex Europe BV" in _export("processor", "csv")


def test_records_leave_out_drafts(register):
    assert "A draft" not in _export("controller", "csv")


def test_html_record_is_printable_and_labels_each_field(register):
    html = _export("controller", "html")
    assert "legal_basis/ropa.css" in html
    assert "Record of processing activities — controller" in html
    for letter in CONTROLLER_LETTERS:
        assert letter in html


def test_export_writes_to_the_output_file_when_given(register, tmp_path):
    target = tmp_path / "ropa.json"
    call_command("export_ropa", "--record=processor", "--format=json", f"--output={target}")
    assert json.loads(target.read_text())["record"] == "processor"


def test_export_refuses_an_output_folder_that_does_not_exist(register, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_ropa", "--record=processor", "--format=json", f"--output={tmp_path}/no/x.json")


def test_export_refuses_an_unknown_format(db):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("export_ropa", "--record=controller", "--format=xml")

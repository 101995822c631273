"""The evidence pack: complete, verifiable, free of data subjects' details, and recorded in the audit trail."""

import datetime as dt
import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from callnex_compliance.audit import audit_entries
from evidence_packs.models import EvidencePack
from evidence_packs.sections import SECTIONS
from evidence_packs.services import evidence_pack_generate

from .conftest import CONTACT, SUBJECTS, SUBSCRIBER_EMAIL, members, pdf_text

PERIOD = {"period_from": "2026-01-01", "period_to": "2026-02-28", "language": "en"}


@pytest.fixture
def pack(register, tmp_path, dpc_user):
    out = tmp_path / "pack.zip"
    today = timezone.localdate()
    record = evidence_pack_generate(out=out, start=today - dt.timedelta(days=365), end=today, by=dpc_user)
    return out, record


def test_manifest_lists_every_file_with_its_sha256_when_the_pack_is_built(pack):
    out, record = pack
    files = members(out)
    manifest = json.loads(files.pop("manifest.json"))
    assert {entry["name"] for entry in manifest["files"]} == set(files)
    for entry in manifest["files"]:
        assert hashlib.sha256(files[entry["name"]]).hexdigest() == entry["sha256"], entry["name"]
    assert manifest["generator"].startswith("callnex-compliance")
    assert manifest["generated_at"] and record.files == len(files) + 1
    assert hashlib.sha256(out.read_bytes()).hexdigest() == record.sha256


def test_pack_holds_every_section_when_the_apps_are_installed(pack):
    names = set(members(pack[0]))
    for expected in (
        "index.html", "index.pdf", "records/art30-controller.html", "records/art30-processor.json",
        "dpia/screenings.json", "dpia/dpias.json", "subprocessors/register.json", "subprocessors/notices.json",
        "retention/schedule.json", "retention/overrides.json", "retention/legal_holds.json",
        "retention/purge_runs.json", "rights_requests/statistics.json", "security/measures.json",
        "organisation/profile.json", "breaches/register.csv", "breaches/register.json",
    ):  # fmt: skip
        assert expected in names
    assert any(name.startswith("dpia/assistance/") for name in names)


def test_pack_lists_the_breaches_of_the_period_when_the_breach_register_is_installed(pack):
    from breaches.models import Incident

    files = members(pack[0])
    [logged] = Incident.objects.all()
    assert logged.reference in files["breaches/register.csv"].decode()
    assert [row["reference"] for row in json.loads(files["breaches/register.json"])] == [logged.reference]


def test_pack_contains_no_email_phone_or_name_of_a_data_subject_when_every_file_is_scanned(pack):
    forbidden = [value for subject in (*SUBJECTS, CONTACT) for value in subject] + [SUBSCRIBER_EMAIL]
    for name, data in members(pack[0]).items():
        text = pdf_text(data) if name.endswith(".pdf") else data.decode()
        for value in forbidden:
            assert value.lower() not in text.lower(), f"{value} found in {name}"
            assert value.removeprefix("+32") not in text, f"{value} found in {name}"


def test_notice_deliveries_name_their_recipient_by_a_stable_pseudonym_when_exported(pack):
    notices = json.loads(members(pack[0])["subprocessors/notices.json"])
    [delivery] = [d for notice in notices for d in notice["deliveries"]]
    assert delivery["recipient"].startswith("pseud-") and delivery["status"] == "sent"


def test_purge_runs_and_statistics_are_counts_when_exported(pack):
    files = members(pack[0])
    [run] = json.loads(files["retention/purge_runs.json"])
    assert {r["category"] for r in run["results"]} and "kept_by_hold" in run["results"][0]
    figures = json.loads(files["rights_requests/statistics.json"])["period"]
    assert figures["received"] == 2 and figures["answered_within_legal_deadline"] == 2
    assert figures["received_per_right"] == {"Access (Art. 15)": 1, "Erasure (Art. 17)": 1}


def test_index_pdf_and_records_show_their_headings_when_read(pack):
    files = members(pack[0])
    controller = files["records/art30-controller.html"].decode()
    assert "Record of processing activities — controller" in controller
    assert "Art. 30(1)(b)" in controller and "Customer account management" in controller
    assert "Art. 30(2)(b)" in files["records/art30-processor.html"].decode()
    index = pdf_text(files["index.pdf"])
    assert "Evidence pack — CallNex BV" in index and "Records of processing activities (Art. 30)" in index
    assert 'href="records/art30-controller.html"' in files["index.html"].decode()


def test_breach_register_is_listed_as_not_kept_when_the_breaches_app_is_absent(pack):
    [section] = [s for s in SECTIONS if s.key == "breaches"]
    if section.available:
        pytest.skip("The breaches app is installed: its own tests cover its section.")
    assert "Personal-data breach register" in members(pack[0])["index.html"].decode()
    assert not any(name.startswith("breaches/") for name in members(pack[0]))


def test_generation_is_in_the_audit_trail_when_a_pack_is_built(pack, dpc_user):
    _, record = pack
    [entry] = [e for e in audit_entries(user=dpc_user) if e.model_label == "evidence_packs.EvidencePack"]
    assert (entry.user, entry.action, entry.reason) == (dpc_user.username, "created", "Evidence pack generated")
    assert EvidencePack.objects.get() == record


def test_index_and_records_are_in_dutch_when_asked(register, tmp_path):
    out = tmp_path / "nl.zip"
    today = timezone.localdate()
    evidence_pack_generate(out=out, start=today - dt.timedelta(days=30), end=today, language="nl")
    files = members(out)
    assert "Bewijsdossier" in pdf_text(files["index.pdf"])
    assert "Register van verwerkingsactiviteiten — verwerkingsverantwoordelijke" in files[
        "records/art30-controller.html"
    ].decode()


def test_command_writes_the_pack_when_given_a_period(register, tmp_path, capsys):
    out = tmp_path / "cmd.zip"
    call_command("evidence_pack", "--out", str(out), "--from", "2026-01-01", "--to", "2026-03-31", "--language", "fr")
    assert "evidence pack 2026-01-01–2026-03-31" in capsys.readouterr().out
    manifest = json.loads(members(out)["manifest.json"])
    assert manifest["period"] == {"from": "2026-01-01", "to": "2026-03-31"} and manifest["language"] == "fr"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-05-01", "--to", "2026-04-01"], "starts after it ends"),
        (["--from", "1 May"], "is not a date"),
    ],
)
def test_command_fails_clearly_and_writes_nothing_when_the_period_is_wrong(db, tmp_path, args, message):
    out = tmp_path / "bad.zip"
    with pytest.raises(CommandError, match=message):
        call_command("evidence_pack", "--out", str(out), *args)
    assert not out.exists() and not list(tmp_path.iterdir()) and not EvidencePack.objects.exists()


def test_dpc_downloads_the_pack_when_generating_in_admin(register, dpc_client):
    response = dpc_client.post(reverse("admin:evidence_packs_generate"), PERIOD)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert EvidencePack.objects.count() == 1


@pytest.mark.parametrize("client_fixture", ["handler_client", "auditor_client"])
def test_generation_is_refused_when_the_user_is_not_the_dpc(db, request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    response = client.post(reverse("admin:evidence_packs_generate"), PERIOD)
    assert response.status_code == 403 and not EvidencePack.objects.exists()

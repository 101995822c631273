"""`manage.py compliance_check` exits 0 on a clean register and 1 with the findings otherwise."""

import io
import json

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from legal_basis.models import LegalBasis
from tests.factories.legal_basis import LegalBasisFactory, approved_activity


def _exit_code(*args: str) -> int:
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "compliance_check", *args]).execute()
    return exited.value.code


def test_check_passes_when_the_register_is_clean(db):
    approved_activity()
    out = io.StringIO()
    call_command("compliance_check", stdout=out)
    assert "passes every check" in out.getvalue()


def test_check_exits_zero_when_clean_and_one_with_findings(db, capsys):
    activity = approved_activity()
    call_command("compliance_check")  # no SystemExit: exit status 0
    LegalBasisFactory(activity=activity, basis=LegalBasis.LEGITIMATE_INTERESTS)
    assert _exit_code() == 1
    assert "1 finding(s)" in capsys.readouterr().err


def test_check_lists_each_finding_as_json_with_rule_object_and_message(db):
    activity = approved_activity(name="Security logging")
    LegalBasisFactory(activity=activity, basis=LegalBasis.LEGITIMATE_INTERESTS)
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("compliance_check", "--json", stdout=out)
    assert error.value.returncode == 1
    [finding] = json.loads(out.getvalue())
    assert finding["rule"] == "legitimate_interests_without_assessment"
    assert finding["object"]["name"] == "Security logging"
    assert finding["message"].startswith("Security logging relies on legitimate interests")


def test_check_prints_an_empty_json_list_when_clean(db):
    out = io.StringIO()
    call_command("compliance_check", "--json", stdout=out)
    assert json.loads(out.getvalue()) == []

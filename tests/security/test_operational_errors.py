"""Operational errors end in one clear line and a non-zero exit, never a traceback; /healthz answers 503."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError
from django.db import OperationalError

from callnex_compliance.commands import ProjectCommand
from retention.models import PurgeRun

UNREACHABLE_DB = "postgres://postgres@127.0.0.1:1/nowhere"
PROJECT_APPS = ("callnex_compliance", "rights_requests", "legal_basis", "retention", "subprocessors")
DEMO_COMMANDS = {"create_demo_logins", "load_demo"}  # refuse to run unless DEBUG=1
ARGUMENTS = {"export_ropa": ["--record", "controller", "--format", "csv"], "enroll_totp": ["someone"]}


def _project_commands() -> list[str]:
    return sorted(name for name, app in get_commands().items() if app.startswith(PROJECT_APPS))


def _manage(*args: str, debug: bool = False) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": UNREACHABLE_DB,
        "DEBUG": "1" if debug else "0",
        "SECRET_KEY": "test-only-operational-errors",
        "EMAIL_CONSOLE_IN_PRODUCTION": "1",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _one_clear_line(result: subprocess.CompletedProcess) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip() and "AXES: BEGIN" not in line]
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_every_project_command_uses_the_project_base_command():
    names = _project_commands()
    assert {"purge", "export_ropa", "setup_roles", "setup_schedules"} <= set(names)
    for name in names:
        assert isinstance(load_command_class(get_commands()[name], name), ProjectCommand), name


@pytest.mark.parametrize("name", _project_commands())
def test_command_prints_one_line_and_exits_non_zero_when_the_database_is_unreachable(name):
    line = _one_clear_line(_manage(name, *ARGUMENTS.get(name, []), debug=name in DEMO_COMMANDS))
    assert "database is unreachable" in line


def test_purge_refuses_a_batch_size_out_of_range_in_one_line_before_starting():
    line = _one_clear_line(_manage("purge", "--batch-size", "99999999999999999999"))
    assert "--batch-size" in line and "between 1 and" in line


@pytest.mark.django_db
def test_purge_records_no_run_when_the_batch_size_is_out_of_range():
    with pytest.raises(CommandError, match="between 1 and"):
        call_command("purge", "--batch-size", "99999999999999999999")
    assert not PurgeRun.objects.exists()


@pytest.mark.django_db
def test_export_ropa_says_clearly_when_the_output_cannot_be_written(tmp_path):
    with pytest.raises(CommandError, match="Cannot read or write"):
        call_command("export_ropa", "--record", "controller", "--format", "csv", "--output", str(tmp_path))


def test_healthz_answers_503_json_when_the_database_is_down(client, monkeypatch):
    class DownConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("callnex_compliance.platform_data.views.connection", DownConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}

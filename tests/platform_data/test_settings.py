"""Settings behaviour that an operator notices when starting the app."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def _load_settings(**env: str) -> subprocess.CompletedProcess:
    unset = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", "EMAIL_URL", "EMAIL_CONSOLE_IN_PRODUCTION"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(env)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "brokers = sorted(k for k in ('orm', 'redis') if k in s.Q_CLUSTER); "
        "print(s.SECRET_KEY[:16], s.DATABASES['default']['ENGINE'], brokers)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "callnex_compliance.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_refuse_to_start_when_debug_is_off_and_secret_key_missing():
    result = _load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_refuse_to_start_in_production_when_mail_would_go_to_the_console():
    for email_url in ("", "consolemail://"):
        result = _load_settings(DEBUG="0", SECRET_KEY="x" * 50, EMAIL_URL=email_url)
        assert result.returncode != 0
        assert "EMAIL_URL must name a mail server when DEBUG is off" in result.stderr


def test_settings_start_in_production_with_a_mail_server_or_the_deliberate_console_opt_out():
    with_smtp = _load_settings(DEBUG="0", SECRET_KEY="x" * 50, EMAIL_URL="smtp+tls://u:p@smtp.example:587")
    opted_out = _load_settings(DEBUG="0", SECRET_KEY="x" * 50, EMAIL_CONSOLE_IN_PRODUCTION="1")
    assert with_smtp.returncode == 0, with_smtp.stderr
    assert opted_out.returncode == 0, opted_out.stderr


def test_settings_use_a_marked_dev_key_only_when_debug_is_on():
    result = _load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("django-insecure-")


def test_settings_default_to_sqlite_and_the_orm_broker_and_switch_to_redis_when_set():
    default = _load_settings(DEBUG="1")
    with_redis = _load_settings(DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0")
    assert "sqlite3 ['orm']" in default.stdout
    assert "['redis']" in with_redis.stdout


def test_sqlite_default_is_tuned_for_two_processes_sharing_the_file(settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the tuning applies to the embedded SQLite default only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_task_retry_exceeds_timeout_so_a_slow_task_is_not_started_twice(settings):
    assert settings.Q_CLUSTER["retry"] > settings.Q_CLUSTER["timeout"]
    assert settings.TIME_ZONE == "Europe/Brussels"
    assert settings.USE_TZ is True

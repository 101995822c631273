"""`manage.py check --deploy` is clean with production settings."""

import secrets
import subprocess
import sys

from django.conf import settings


def test_check_deploy_passes_with_production_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "compliance.callnex.example",
        "EMAIL_URL": "smtp+tls://user:pass@smtp.callnex.example:587",
        "DATABASE_URL": "sqlite:////tmp/callnex-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

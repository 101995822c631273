"""Staff sign in to the admin with a password AND a TOTP code; repeated failures lock the account."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.users import STAFF_PASSWORD, current_totp_code

LOGIN_URL = "/admin/login/?next=/admin/"


@pytest.fixture
def mfa_required(settings):
    settings.ADMIN_MFA_REQUIRED = True


@pytest.fixture
def device(dpc_user):
    return TOTPDevice.objects.create(user=dpc_user, name="phone", confirmed=True)


def _production_flag(**env) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.ADMIN_MFA_REQUIRED, s.AXES_ENABLED, s.SESSION_COOKIE_SECURE)",
        ],
        cwd=django_settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "callnex_compliance.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_settings_require_mfa_and_lockout():
    production = {"DEBUG": "0", "SECRET_KEY": "x" * 60, "EMAIL_URL": "smtp+tls://user:pass@smtp.example:587"}
    assert _production_flag(**production) == "True True True"


def test_the_local_demo_relaxes_mfa():
    assert _production_flag(DEBUG="1").startswith("False")


def test_a_password_alone_does_not_open_the_admin(mfa_required, dpc_user, device, client):
    response = client.post(
        LOGIN_URL, {"username": "dpc", "password": STAFF_PASSWORD, "otp_device": device.persistent_id}
    )
    assert response.status_code == 200  # the form comes back with an error
    assert client.get("/admin/").status_code == 302


def test_password_and_totp_code_open_the_admin(mfa_required, dpc_user, device, client):
    response = client.post(
        LOGIN_URL,
        {
            "username": "dpc",
            "password": STAFF_PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": current_totp_code(device),
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_session_without_a_verified_device_is_sent_back_to_login(mfa_required, dpc_client):
    response = dpc_client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_enroll_totp_creates_a_device_and_prints_its_url(dpc_user, capsys):
    call_command("enroll_totp", "dpc")
    assert TOTPDevice.objects.filter(user=dpc_user, confirmed=True).count() == 1
    assert "otpauth://totp/" in capsys.readouterr().out


def test_five_failed_logins_lock_the_account_even_for_the_right_password(settings, dpc_user, client):
    settings.AXES_ENABLED = True
    for _ in range(5):
        client.post(LOGIN_URL, {"username": "dpc", "password": "wrong"})
    response = client.post(LOGIN_URL, {"username": "dpc", "password": STAFF_PASSWORD})
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_responses_carry_security_headers(client, db):
    response = client.get("/", follow=True)  # "/" redirects to the home page in the visitor's language, /en/
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"

"""Fixtures of the rights-requests tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Staff users are created in most tests; a slow password hash only costs time here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

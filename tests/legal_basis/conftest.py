"""Fixtures of the processing-register tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hash the staff users' passwords cheaply: these tests never log in with a password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

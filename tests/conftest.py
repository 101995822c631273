"""Fixtures shared by every test: private media in a temporary folder, roles, and staff in each role."""

import pytest
from django.test import Client

from callnex_compliance import roles
from tests.factories import StaffUserFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Keep files written by tests (recordings, exports) out of the developer's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def role_groups(db):
    """Create the role groups with their permissions, as `manage.py setup_roles` does."""
    roles.roles_sync()


@pytest.fixture
def dpc_user(role_groups):
    return StaffUserFactory(username="dpc", role=roles.DATA_PROTECTION_CONTACT)


@pytest.fixture
def handler_user(role_groups):
    return StaffUserFactory(username="handler", role=roles.REQUEST_HANDLER)


@pytest.fixture
def auditor_user(role_groups):
    return StaffUserFactory(username="auditor", role=roles.AUDITOR)


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def dpc_client(dpc_user) -> Client:
    return _logged_in(dpc_user)


@pytest.fixture
def handler_client(handler_user) -> Client:
    return _logged_in(handler_user)


@pytest.fixture
def auditor_client(auditor_user) -> Client:
    return _logged_in(auditor_user)


@pytest.fixture
def on_postgres(db) -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"

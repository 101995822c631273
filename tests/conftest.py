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


# The data migrations' seeds, in migration order: what a fresh database holds before any demo data.
MIGRATION_SEEDS = (
    ("retention.migrations.0002_seed_policies", "seed"),
    ("retention.migrations.0006_billing_from_next_january", "correct"),
    ("retention.migrations.0007_contact_inactivity_and_rights_request_holds", "contacts_inactivity"),
    ("retention.migrations.0008_breach_categories", "seed_breach_policies"),
    ("retention.migrations.0010_dpa_requests_category", "seed_dpa_request_policy"),
    ("retention.migrations.0012_mailbox_records_category", "seed_mailbox_policy"),
    ("legal_basis.migrations.0002_seed_security_measures", "seed"),
    ("mail_intake.migrations.0002_seed_subject_patterns", "seed"),
)


@pytest.fixture
def reseeded_registers():
    """Replay the data migrations' seeds, for transactional (browser) tests that need the demo data.

    A transactional test starts from whatever the previous one left: after a flush the seeded retention
    policies and security measures are gone, and `load_demo` refuses to approve activities without them.
    """
    import importlib

    from django.apps import apps

    for module, function in MIGRATION_SEEDS:
        getattr(importlib.import_module(module), function)(apps, None)

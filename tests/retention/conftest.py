"""Fixtures of the retention tests."""

import importlib

import pytest
from django.core.files.storage import default_storage


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run a block and then its on-commit callbacks, as a real commit would (file removal)."""

    def runner(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return runner


@pytest.fixture
def stored_files():
    """Return the recording files currently in storage."""

    def listing() -> set[str]:
        if not default_storage.exists("recordings"):
            return set()
        found = set()
        for campaign in default_storage.listdir("recordings")[0]:
            found |= {f"recordings/{campaign}/{name}" for name in default_storage.listdir(f"recordings/{campaign}")[1]}
        return found

    return listing


@pytest.fixture
def seeded_policies():
    """Seed the default schedule again, for transactional tests.

    A transactional test starts from whatever the previous one left: after a flush the data migration's
    rows are gone. Serialized rollback is avoided on purpose: it leaves an empty database (no content
    types or permissions) to the tests that run after it.
    """
    from django.apps import apps

    importlib.import_module("retention.migrations.0002_seed_policies").seed(apps, None)

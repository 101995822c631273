"""Fixtures of the sub-processor tests: a fresh throttle cache, synchronous django-q2, a fixed clock."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_q.conf import Conf

BRUSSELS_NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle counters live in the cache; one test's requests must not throttle the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sync_tasks(monkeypatch):
    """Run django-q2 tasks in-process, as `Q_CLUSTER["sync"] = True` does (Conf is read at import)."""
    monkeypatch.setattr(Conf, "SYNC", True)


@pytest.fixture
def now() -> dt.datetime:
    return timezone.localtime(BRUSSELS_NOON)

"""The demo register is realistic and idempotent."""

import pytest
from django.utils import timezone

from subprocessors import demo
from subprocessors.models import Subprocessor, SubprocessorChange

pytestmark = pytest.mark.django_db


def test_demo_creates_nothing_when_loaded_twice():
    first = demo.load()
    assert first["subprocessors"] == len(demo.ENTRIES) + 1
    counts = (Subprocessor.objects.count(), SubprocessorChange.objects.count())
    assert demo.load() == {"subprocessors": 0, "customer DPAs": 0}
    assert (Subprocessor.objects.count(), SubprocessorChange.objects.count()) == counts


def test_demo_has_an_upcoming_change_and_a_transfer_under_sccs():
    demo.load()
    upcoming = Subprocessor.objects.get(status=Subprocessor.Status.ANNOUNCED)
    assert (upcoming.effective_from - timezone.localdate()).days == 20
    outside = [sp for sp in Subprocessor.objects.filter(status="active") if sp.requires_transfer_safeguard]
    assert [sp.transfer_safeguard for sp in outside] == [Subprocessor.TransferSafeguard.SCC]
    assert all(sp.has_dpa for sp in Subprocessor.objects.filter(status="active"))


def test_demo_change_log_shows_additions_a_location_change_and_a_retirement(client):
    demo.load()
    kinds = set(SubprocessorChange.objects.exclude(applied_at=None).values_list("kind", flat=True))
    assert kinds == {"addition", "location_change", "retirement"}
    page = client.get("/subprocessors/", follow=True).content.decode()
    assert "Scaleway SAS" in page and "in 20 days" in page and "Zendesk, Inc." in page

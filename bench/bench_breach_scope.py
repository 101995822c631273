"""Count the people and records a breach's scope holds: one customer, a one-month window, a million calls."""

import datetime as dt

from django.utils import timezone

from bench.dataset import BENCH_CUSTOMER, ensure_calls
from bench.report import Figure, median_ms
from breaches import services
from breaches.models import PLATFORM_CATEGORIES, Incident
from breaches.selectors import scope_figures, scoped_calls
from callnex_compliance.platform_data.models import Customer

TITLE = "Bench breach: one month of the bench customer's calls"
TARGET_MS = 1000.0


def _incident() -> Incident:
    incident = Incident.objects.filter(title=TITLE).first() or services.incident_create(
        title=TITLE, description="Bench.", aware_at=timezone.now(), data_categories=list(PLATFORM_CATEGORIES)
    )
    window_end = timezone.now() - dt.timedelta(days=30)
    incident.window_start, incident.window_end = window_end - dt.timedelta(days=30), window_end
    incident.save(update_fields=["window_start", "window_end"])
    incident.customers.set([Customer.objects.get(name=BENCH_CUSTOMER)])
    return incident


def run(*, scale: float) -> list[Figure]:
    calls = max(int(1_000_000 * scale), 1000)
    for stale in Incident.objects.filter(title=TITLE):
        stale.customers.clear()  # the dataset builder may delete and recreate the bench customer
    ensure_calls(calls=calls)
    incident = _incident()
    figures = scope_figures(incident)
    assert figures.calls > 0 and figures.people > 0, "the bench window must hold calls"
    ms = median_ms(lambda: scope_figures(incident), repeat=5, warmup=1)
    plan = scoped_calls(incident).values("pk").explain()
    uses_index = "Index" in plan
    return [
        Figure(
            "breach scope", f"count people and records, 1 month of {calls:,} calls ({figures.calls:,} in scope, "
            f"{figures.people:,} people)", ms, "ms", f"< {TARGET_MS:.0f} ms", ms < TARGET_MS,
        ),
        Figure("breach scope", "EXPLAIN uses an index on ended_at", float(uses_index), "bool", "1", uses_index),
    ]  # fmt: skip

"""Rights-request statistics for a period: counts and durations only, never who asked or what.

Received counts go by the day of receipt; the closing figures (deadlines met, days to close, refusals)
go by the day of closure. Days count in Brussels time, like the deadlines. One query for a period and
all its months, streamed in chunks, so a year of requests is summarised in bounded memory.
"""

import datetime as dt
import math
import statistics as stats
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from . import deadlines
from .models import Right, RightsRequest

ANSWERED = (RightsRequest.Status.COMPLETED, RightsRequest.Status.REFUSED)
FIELDS = (
    "received_at", "rights", "role", "status", "closed_at", "due_on", "paused_days", "extension_months",
    "refusal_reason",
)  # fmt: skip


@dataclass
class RequestStatistics:
    """The figures of one period."""

    start: dt.date
    end: dt.date
    received: int = 0
    by_right: Counter = field(default_factory=Counter)  # right label -> requests received
    by_role: Counter = field(default_factory=Counter)  # role label -> requests received
    by_right_and_role: Counter = field(default_factory=Counter)  # (right label, role label) -> received
    answered: int = 0
    within_legal_deadline: int = 0
    within_sla: int = 0
    withdrawn: int = 0
    extended: int = 0
    refusals: Counter = field(default_factory=Counter)  # reason label -> refusals
    days_to_close: list[int] = field(default_factory=list, repr=False)

    @property
    def refusal_list(self) -> list[tuple[str, int]]:
        """Return (reason, count) pairs, for templates (a Counter answers any key there, `items` included)."""
        return sorted(self.refusals.items())

    @property
    def median_days(self) -> float | None:
        return stats.median(self.days_to_close) if self.days_to_close else None

    @property
    def p95_days(self) -> int | None:
        """Return the 95th percentile of days to close (nearest rank), or None without closures."""
        if not self.days_to_close:
            return None
        ordered = sorted(self.days_to_close)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    def as_dict(self) -> dict:
        """Return the figures as plain JSON-ready data (labels and counts only)."""
        return {
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            "received": self.received,
            "received_per_right": dict(sorted(self.by_right.items())),
            "received_per_role": dict(sorted(self.by_role.items())),
            "received_per_right_and_role": [
                {"right": right, "role": role, "count": n}
                for (right, role), n in sorted(self.by_right_and_role.items())
            ],
            "answered": self.answered,
            "answered_within_legal_deadline": self.within_legal_deadline,
            "answered_within_sla": self.within_sla,
            "withdrawn": self.withdrawn,
            "median_days_to_close": self.median_days,
            "p95_days_to_close": self.p95_days,
            "extensions": self.extended,
            "refusals_by_reason": dict(sorted(self.refusals.items())),
        }


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = deadlines.BRUSSELS
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def _count_received(figures: RequestStatistics, row: dict) -> None:
    figures.received += 1
    role = RightsRequest.Role(row["role"]).label
    figures.by_role[role] += 1
    for code in row["rights"] or []:
        right = Right(code).label if code in Right.values else code
        figures.by_right[right] += 1
        figures.by_right_and_role[(right, role)] += 1


def _count_closed(figures: RequestStatistics, row: dict) -> None:
    if row["status"] == RightsRequest.Status.WITHDRAWN:
        figures.withdrawn += 1
        return
    if row["status"] not in ANSWERED:
        return
    received_on = deadlines.brussels_date(row["received_at"])
    closed_on = deadlines.brussels_date(row["closed_at"])
    figures.answered += 1
    figures.days_to_close.append((closed_on - received_on).days)
    figures.within_legal_deadline += closed_on <= row["due_on"]
    sla = deadlines.sla_deadline(received_on) + dt.timedelta(days=row["paused_days"])
    figures.within_sla += closed_on <= sla
    figures.extended += row["extension_months"] > 0
    if row["status"] == RightsRequest.Status.REFUSED:
        reason = row["refusal_reason"]
        figures.refusals[RightsRequest.RefusalReason(reason).label if reason else "Not given"] += 1


def _collect(start: dt.date, end: dt.date, periods: list[tuple[dt.date, dt.date]]) -> list[RequestStatistics]:
    """Return the figures of each of `periods` (within `start`–`end`), from one streamed query."""
    since, until = _bounds(start, end)
    figures = [RequestStatistics(start=first, end=last) for first, last in periods]
    bounds = [(_bounds(first, last), f) for (first, last), f in zip(periods, figures, strict=True)]
    rows = RightsRequest.objects.filter(
        Q(received_at__gte=since, received_at__lt=until) | Q(closed_at__gte=since, closed_at__lt=until)
    ).values(*FIELDS)
    for row in rows.iterator(chunk_size=2000):
        received_at, closed_at = row["received_at"], row["closed_at"]
        for (low, high), period in bounds:
            if low <= received_at < high:
                _count_received(period, row)
            if closed_at is not None and low <= closed_at < high:
                _count_closed(period, row)
    return figures


def request_statistics(*, start: dt.date, end: dt.date) -> RequestStatistics:
    """Return the figures of the requests received or closed from `start` to `end` (inclusive)."""
    return _collect(start, end, [(start, end)])[0]


def month_periods(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Return the calendar months from `start` to `end`, clipped to them."""
    periods, first = [], start.replace(day=1)
    while first <= end:
        last = deadlines.add_months(first, 1) - dt.timedelta(days=1)
        periods.append((max(first, start), min(last, end)))
        first = last + dt.timedelta(days=1)
    return periods


def monthly_statistics(*, start: dt.date, end: dt.date) -> list[RequestStatistics]:
    """Return the figures of each month from `start` to `end` (one query for all the months)."""
    return _collect(start, end, month_periods(start, end))


def period_statistics(*, start: dt.date, end: dt.date) -> tuple[RequestStatistics, list[RequestStatistics]]:
    """Return the figures of the whole period and of each of its months, from one pass over the requests."""
    total, *months = _collect(start, end, [(start, end), *month_periods(start, end)])
    return total, months

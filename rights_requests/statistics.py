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
            "received_per_right": _plain(self.by_right),
            "received_per_role": _plain(self.by_role),
            "received_per_right_and_role": [
                {"right": str(right), "role": str(role), "count": n}
                for (right, role), n in sorted(self.by_right_and_role.items())
            ],
            "answered": self.answered,
            "answered_within_legal_deadline": self.within_legal_deadline,
            "answered_within_sla": self.within_sla,
            "withdrawn": self.withdrawn,
            "median_days_to_close": self.median_days,
            "p95_days_to_close": self.p95_days,
            "extensions": self.extended,
            "refusals_by_reason": _plain(self.refusals),
        }


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = deadlines.BRUSSELS
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


@dataclass(frozen=True)
class _Received:
    """What one request adds to the received figures of each period it was received in."""

    role: str
    rights: tuple[str, ...]

    def count(self, figures: RequestStatistics) -> None:
        figures.received += 1
        figures.by_role[self.role] += 1
        for right in self.rights:
            figures.by_right[right] += 1
            figures.by_right_and_role[(right, self.role)] += 1


@dataclass(frozen=True)
class _Closed:
    """What one request adds to the closing figures of each period it was closed in."""

    withdrawn: bool = False
    days: int = 0
    within_legal_deadline: bool = False
    within_sla: bool = False
    extended: bool = False
    refusal: str | None = None

    def count(self, figures: RequestStatistics) -> None:
        if self.withdrawn:
            figures.withdrawn += 1
            return
        figures.answered += 1
        figures.days_to_close.append(self.days)
        figures.within_legal_deadline += self.within_legal_deadline
        figures.within_sla += self.within_sla
        figures.extended += self.extended
        if self.refusal is not None:
            figures.refusals[self.refusal] += 1


def _plain(counter: Counter) -> dict[str, int]:
    """Return label -> count with the (lazily translated) labels as plain strings, sorted: JSON keys."""
    return dict(sorted((str(label), n) for label, n in counter.items()))


ROLE_LABELS = dict(RightsRequest.Role.choices)
RIGHT_LABELS = dict(Right.choices)
REFUSAL_LABELS = dict(RightsRequest.RefusalReason.choices)


def _received(row: dict) -> _Received:
    return _Received(ROLE_LABELS[row["role"]], tuple(RIGHT_LABELS.get(code, code) for code in row["rights"] or []))


def _closed(row: dict) -> _Closed | None:
    """Return the closing facts of a request, or None when it is closed without an answer or a withdrawal."""
    if row["status"] == RightsRequest.Status.WITHDRAWN:
        return _Closed(withdrawn=True)
    if row["status"] not in ANSWERED:
        return None
    received_on = deadlines.brussels_date(row["received_at"])
    closed_on = deadlines.brussels_date(row["closed_at"])
    sla = deadlines.sla_deadline(received_on) + dt.timedelta(days=row["paused_days"])
    refusal = None
    if row["status"] == RightsRequest.Status.REFUSED:
        reason = row["refusal_reason"]
        refusal = REFUSAL_LABELS[reason] if reason else "Not given"
    return _Closed(
        days=(closed_on - received_on).days,
        within_legal_deadline=closed_on <= row["due_on"],
        within_sla=closed_on <= sla,
        extended=row["extension_months"] > 0,
        refusal=refusal,
    )


def _collect(start: dt.date, end: dt.date, periods: list[tuple[dt.date, dt.date]]) -> list[RequestStatistics]:
    """Return the figures of each of `periods` (within `start`–`end`), from one streamed query.

    Each request's facts are worked out once, then added to every period it falls in.
    """
    since, until = (moment.astimezone(dt.UTC) for moment in _bounds(start, end))
    figures = [RequestStatistics(start=first, end=last) for first, last in periods]
    # Bounds in UTC, as the rows come: comparing datetimes of the same zone skips a zone lookup per comparison.
    bounds = [
        (*(moment.astimezone(dt.UTC) for moment in _bounds(first, last)), f)
        for (first, last), f in zip(periods, figures, strict=True)
    ]
    rows = RightsRequest.objects.filter(
        Q(received_at__gte=since, received_at__lt=until) | Q(closed_at__gte=since, closed_at__lt=until)
    ).values(*FIELDS)
    for row in rows.iterator(chunk_size=2000):
        received_at, closed_at = row["received_at"], row["closed_at"]
        if since <= received_at < until:
            received = _received(row)
            for low, high, period in bounds:
                if low <= received_at < high:
                    received.count(period)
        if closed_at is not None and since <= closed_at < until and (closed := _closed(row)) is not None:
            for low, high, period in bounds:
                if low <= closed_at < high:
                    closed.count(period)
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

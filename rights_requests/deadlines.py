"""The deadline engine: pure functions on dates, with no database and no clock.

Art. 12(3) GDPR gives one month from receipt; months are counted as Regulation 1182/71 Art. 3 does
(same day number next month, or the month's last day when there is no such day), and a period ending
on a Saturday, Sunday or Belgian public holiday ends on the next working day (EDPB Guidelines 01/2022
§§159-161). CallNex adds its own 30-calendar-day SLA; staff work to the earlier of the two.
"""

import calendar
import datetime as dt
import enum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

BRUSSELS = ZoneInfo("Europe/Brussels")
SLA_DAYS = 30
MAX_EXTENSION_MONTHS = 2
AMBER_BELOW_DAYS = 10
RED_BELOW_DAYS = 5


class Urgency(enum.StrEnum):
    """How close a request is to its due date, as staff see it."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    OVERDUE = "overdue"


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day number `months` later, or that month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=64)
def _belgian_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("BE", years=year))


def is_working_day(day: dt.date) -> bool:
    """Return whether `day` is neither a weekend day nor a Belgian public holiday."""
    return day.weekday() < 5 and day not in _belgian_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """Return `day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def previous_working_day(day: dt.date) -> dt.date:
    """Return `day` itself when it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def legal_deadline(received_on: dt.date) -> dt.date:
    """Return the Art. 12(3) deadline: one month after receipt, rolled forward to a working day."""
    return next_working_day(add_months(received_on, 1))


def sla_deadline(received_on: dt.date, *, paused_days: int = 0) -> dt.date:
    """Return CallNex's SLA deadline: 30 calendar days after receipt (plus pauses), moved back to a working day.

    The SLA is internal: a date on a weekend or Belgian holiday moves to the previous working day.
    """
    return previous_working_day(received_on + dt.timedelta(days=SLA_DAYS + paused_days))


def effective_deadline(received_on: dt.date) -> dt.date:
    """Return the deadline staff work to: the earlier of the SLA and the legal deadline."""
    return min(legal_deadline(received_on), sla_deadline(received_on))


def current_legal_deadline(received_on: dt.date, *, paused_days: int = 0, extension_months: int = 0) -> dt.date:
    """Return the legal deadline that applies now: moved by the paused days and any extension (Art. 12(3)).

    The further months count from the end of the original one-month period (received 31 January:
    28 February, extended by two months to 28 April), then roll forward to a working day.
    """
    first_period_end = add_months(received_on, 1)
    return next_working_day(add_months(first_period_end, extension_months) + dt.timedelta(days=paused_days))


def due_date(received_on: dt.date, *, paused_days: int = 0, extension_months: int = 0) -> dt.date:
    """Return the effective deadline moved by the days the clock was paused and by any extension.

    The pause suspends the clock, so both periods end `paused_days` later (the legal one still ends
    on a working day). Once extended, the SLA no longer applies: the further months count from the end
    of the original one-month period (received 31 January: 28 February, extended to 28 April), then
    roll forward to a working day.
    """
    legal = current_legal_deadline(received_on, paused_days=paused_days, extension_months=extension_months)
    if extension_months:
        return legal
    return min(legal, sla_deadline(received_on, paused_days=paused_days))


def extension_allowed_until(received_on: dt.date, *, paused_days: int = 0) -> dt.date:
    """Return the last day an extension may be decided: the original legal deadline, moved by pauses."""
    return next_working_day(add_months(received_on, 1) + dt.timedelta(days=paused_days))


def days_left(due_on: dt.date, today: dt.date) -> int:
    """Return the whole days from `today` until `due_on` (negative when past due)."""
    return (due_on - today).days


def urgency(due_on: dt.date, today: dt.date) -> Urgency:
    """Return the urgency band: >= 10 days green, < 10 amber, < 5 red, past due overdue."""
    left = days_left(due_on, today)
    if left < 0:
        return Urgency.OVERDUE
    if left < RED_BELOW_DAYS:
        return Urgency.RED
    if left < AMBER_BELOW_DAYS:
        return Urgency.AMBER
    return Urgency.GREEN


def urgency_due_range(band: Urgency, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """Return the half-open range [start, end) of due dates in `band` on `today` (None = unbounded)."""
    red_from = today + dt.timedelta(days=RED_BELOW_DAYS)
    amber_from = today + dt.timedelta(days=AMBER_BELOW_DAYS)
    return {
        Urgency.OVERDUE: (None, today),
        Urgency.RED: (today, red_from),
        Urgency.AMBER: (red_from, amber_from),
        Urgency.GREEN: (amber_from, None),
    }[band]


def brussels_date(moment: dt.datetime) -> dt.date:
    """Return the Brussels calendar day of an aware datetime."""
    return moment.astimezone(BRUSSELS).date()

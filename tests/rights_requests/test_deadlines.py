"""The deadline engine: one month (Art. 12(3), Regulation 1182/71), the 30-day SLA, pauses and extensions."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rights_requests import deadlines
from rights_requests.deadlines import Urgency
from rights_requests.models import RightsRequest

D = dt.date


def test_legal_deadline_is_the_same_day_next_month_when_received_5_march():
    # EDPB example; 5 April 2027 is a Monday.
    assert deadlines.legal_deadline(D(2027, 3, 5)) == D(2027, 4, 5)


def test_legal_deadline_is_the_last_day_of_the_month_when_received_31_august():
    assert deadlines.legal_deadline(D(2026, 8, 31)) == D(2026, 9, 30)


def test_month_end_rule_gives_the_last_day_of_february_when_received_31_january():
    assert deadlines.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert deadlines.add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)


def test_legal_deadline_comes_before_the_sla_when_received_in_february():
    received = D(2026, 2, 2)  # 2 March (legal, a Monday) vs 4 March (30 days)
    assert deadlines.legal_deadline(received) == D(2026, 3, 2)
    assert deadlines.sla_deadline(received) == D(2026, 3, 4)
    assert deadlines.effective_deadline(received) == D(2026, 3, 2)


def test_sla_comes_first_when_the_month_has_31_days():
    received = D(2026, 3, 10)
    assert deadlines.sla_deadline(received) == D(2026, 4, 9)
    assert deadlines.legal_deadline(received) == D(2026, 4, 10)
    assert deadlines.effective_deadline(received) == D(2026, 4, 9)


def test_legal_deadline_rolls_forward_to_monday_when_it_falls_on_a_weekend():
    assert deadlines.legal_deadline(D(2026, 2, 7)) == D(2026, 3, 9)  # 7 March 2026 is a Saturday


def test_legal_deadline_rolls_forward_over_a_belgian_public_holiday():
    assert deadlines.legal_deadline(D(2026, 6, 21)) == D(2026, 7, 22)  # 21 July: National Day


def test_legal_deadline_rolls_over_easter_sunday_and_monday():
    assert deadlines.legal_deadline(D(2026, 3, 5)) == D(2026, 4, 7)  # 5 April Easter, 6 April Easter Monday


def test_due_date_moves_by_the_paused_days_when_identity_was_awaited():
    received = D(2026, 3, 10)
    assert deadlines.due_date(received, paused_days=6) == D(2026, 4, 15)  # SLA 9 April + 6


def test_paused_legal_deadline_still_ends_on_a_working_day():
    received = D(2026, 2, 2)  # legal 2 March; +5 days = 7 March, a Saturday
    assert deadlines.due_date(received, paused_days=5) == D(2026, 3, 9)


def test_extension_counts_from_the_end_of_the_original_period_when_received_on_31_january():
    # The first period ends 28 February; the further months count from there (not from 31 January).
    received = D(2026, 1, 31)
    assert deadlines.due_date(received, extension_months=1) == D(2026, 3, 30)  # 28 March is a Saturday
    assert deadlines.due_date(received, extension_months=2) == D(2026, 4, 28)


def test_sla_moves_back_to_the_previous_working_day_when_it_falls_on_a_weekend_or_holiday():
    assert deadlines.sla_deadline(D(2026, 2, 5)) == D(2026, 3, 6)  # 7 March is a Saturday → Friday 6 March
    assert deadlines.sla_deadline(D(2026, 6, 21)) == D(2026, 7, 20)  # 21 July, National Day → 20 July


def test_extension_may_be_decided_until_the_original_legal_deadline_moved_by_pauses():
    assert deadlines.extension_allowed_until(D(2026, 3, 10)) == D(2026, 4, 10)
    assert deadlines.extension_allowed_until(D(2026, 3, 10), paused_days=3) == D(2026, 4, 13)


@pytest.mark.parametrize(
    ("days_left", "band"),
    [(15, Urgency.GREEN), (10, Urgency.GREEN), (9, Urgency.AMBER), (5, Urgency.AMBER), (4, Urgency.RED),
     (0, Urgency.RED), (-1, Urgency.OVERDUE)],
)  # fmt: skip
def test_urgency_band_follows_the_days_left(days_left, band):
    today = D(2026, 5, 4)
    assert deadlines.urgency(today + dt.timedelta(days=days_left), today) == band


@pytest.mark.parametrize("band", list(Urgency))
def test_urgency_date_range_holds_exactly_the_dates_of_its_band(band):
    today = D(2026, 5, 4)
    start, end = deadlines.urgency_due_range(band, today)
    for offset in range(-20, 30):
        due = today + dt.timedelta(days=offset)
        inside = (start is None or due >= start) and (end is None or due < end)
        assert inside == (deadlines.urgency(due, today) == band)


def test_request_received_just_after_midnight_brussels_counts_for_that_brussels_day():
    # 00:30 in Brussels on 1 April is still 31 March in UTC.
    received = dt.datetime(2026, 4, 1, 0, 30, tzinfo=ZoneInfo("Europe/Brussels"))
    request = RightsRequest(received_at=received.astimezone(dt.UTC))
    assert request.received_on == D(2026, 4, 1)
    assert request.legal_deadline == D(2026, 5, 4)  # 1 May is Labour Day, then a weekend
    assert request.sla_deadline == D(2026, 4, 30)  # 1 May is a holiday: the SLA moves back
    assert request.due_date == D(2026, 4, 30)


@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2035, 12, 31)))
def test_legal_deadline_is_a_working_day_about_one_month_after_receipt(received):
    deadline = deadlines.legal_deadline(received)
    assert deadlines.is_working_day(deadline)
    assert 28 <= (deadline - received).days <= 31 + 6
    assert deadlines.effective_deadline(received) <= deadline

"""The retention schedule: one seeded, readable policy per data category."""

import datetime as dt

import pytest

from retention.models import DataCategory, PeriodUnit, RetentionPolicy
from retention.selectors import policy_for


def test_migrations_seed_one_policy_per_data_category_when_the_database_is_new(db):
    assert sorted(RetentionPolicy.objects.values_list("category", flat=True)) == sorted(DataCategory.values)


@pytest.mark.parametrize(
    ("category", "shown"),
    [
        (DataCategory.CALL_RECORDINGS, "30 days"),
        (DataCategory.CALL_RECORDS, "12 months"),
        (DataCategory.BILLING_RECORDS, "10 years"),
        (DataCategory.RIGHTS_REQUEST_FILES, "3 years, then anonymised"),
    ],
)
def test_policy_shows_the_domain_default_when_seeded(db, category, shown):
    assert policy_for(category).period_display == shown


def test_policy_for_returns_none_when_the_category_has_no_policy(db):
    RetentionPolicy.objects.filter(category=DataCategory.SUPPORT_TICKETS).delete()
    assert policy_for(DataCategory.SUPPORT_TICKETS) is None


def test_seeded_policies_have_a_creation_history_row_when_migrated(db):
    policy = policy_for(DataCategory.TRANSCRIPTS)
    assert policy.history.get().history_type == "+"


def test_month_cutoff_clamps_to_the_last_day_when_the_month_is_shorter(db):
    policy = RetentionPolicy(period_value=1, period_unit=PeriodUnit.MONTHS)
    now = dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)
    assert policy.cutoff(now) == dt.datetime(2026, 2, 28, 12, tzinfo=dt.UTC)

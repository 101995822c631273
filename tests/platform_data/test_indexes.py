"""The two heavy paths use indexes on PostgreSQL (asserted on EXPLAIN with sequential scans disabled)."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecord, Contact
from tests.factories import CallRecordFactory


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        # On tiny tables the planner rightly prefers a sequential scan; forbidding it shows whether an
        # index *can* answer the query, which is what matters at a million rows.
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


@pytest.fixture
def postgres_only(on_postgres):
    if not on_postgres:
        pytest.skip("EXPLAIN assertions need PostgreSQL (set DATABASE_URL=postgres://...)")


@pytest.mark.parametrize(
    "lookup",
    [
        lambda: Contact.objects.filter(phone="+32470123456"),
        lambda: Contact.objects.filter(email="jan@example.be"),
        lambda: CallRecord.objects.filter(remote_number="+32470123456"),
        lambda: CallRecord.objects.filter(contact_id=1),
    ],
    ids=["contact-phone", "contact-email", "call-number", "call-contact"],
)
def test_subject_lookups_use_an_index(postgres_only, lookup):
    CallRecordFactory.create_batch(3)
    plan = _plan(lookup())
    assert "Index" in plan and "Seq Scan" not in plan, plan


def test_calls_ended_before_a_date_in_a_campaign_use_the_campaign_ended_index(postgres_only):
    call = CallRecordFactory()
    cutoff = timezone.now() - dt.timedelta(days=30)
    plan = _plan(CallRecord.objects.filter(campaign_id=call.campaign_id, ended_at__lt=cutoff).values("pk"))
    assert "call_campaign_ended_idx" in plan, plan


def test_calls_ended_before_a_date_platform_wide_use_an_index(postgres_only):
    CallRecordFactory()
    plan = _plan(CallRecord.objects.filter(ended_at__lt=timezone.now()).values("pk"))
    assert "Index" in plan and "Seq Scan" not in plan, plan

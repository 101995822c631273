"""Property: over random schedules, windows and holds, exactly the expired, unheld rows disappear.

The expected survivors are computed by a small independent model of the rules in domain.md; ages sit
half a day off every period so no row is on a boundary.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callnex_compliance.platform_data.models import CallRecord, CallRecording, Contact, Customer, Transcript
from retention import services
from retention.models import CampaignRetentionOverride, DataCategory, LegalHold, PeriodUnit, RetentionPolicy
from tests.factories import CallRecordFactory, CampaignFactory, ContactFactory, CustomerFactory

CALLS, RECORDINGS, TRANSCRIPTS, CONTACTS, CUSTOMERS = (
    DataCategory.CALL_RECORDS,
    DataCategory.CALL_RECORDINGS,
    DataCategory.TRANSCRIPTS,
    DataCategory.CAMPAIGN_CONTACTS,
    DataCategory.CUSTOMER_ACCOUNTS,
)
AGES = [1, 6, 10, 25, 40, 70, 120, 200, 400]  # days; +0.5 when used


@dataclass
class World:
    policies: dict
    customers: list  # contract ended days ago or None
    campaigns: list  # (customer index, ended days ago or None)
    contacts: list  # campaign index
    calls: list  # (campaign index, contact index or None, age, has recording, has transcript)
    overrides: dict  # (campaign index, category) -> days
    holds: list  # (scope, index, released)


@st.composite
def worlds(draw) -> World:
    policies = {
        RECORDINGS: draw(st.sampled_from([7, 30, 90])),
        TRANSCRIPTS: draw(st.sampled_from([7, 30, 90])),
        CALLS: draw(st.sampled_from([45, 365])),
        CONTACTS: draw(st.sampled_from([30, 90])),
        CUSTOMERS: draw(st.sampled_from([90, 365])),
    }
    customers = draw(st.lists(st.sampled_from([None, 50, 100, 400]), min_size=1, max_size=2))
    campaigns = draw(
        st.lists(
            st.tuples(st.integers(0, len(customers) - 1), st.sampled_from([None, 20, 60, 150])), min_size=1, max_size=3
        )
    )
    contacts = draw(st.lists(st.integers(0, len(campaigns) - 1), max_size=4))
    calls = []
    for _ in range(draw(st.integers(0, 7))):
        campaign = draw(st.integers(0, len(campaigns) - 1))
        own = [i for i, c in enumerate(contacts) if c == campaign]
        contact = draw(st.sampled_from([None, *own]))
        calls.append((campaign, contact, draw(st.sampled_from(AGES)), draw(st.booleans()), draw(st.booleans())))
    overrides = draw(
        st.dictionaries(
            st.tuples(st.integers(0, len(campaigns) - 1), st.sampled_from([CALLS, RECORDINGS, TRANSCRIPTS, CONTACTS])),
            st.sampled_from([0, 3, 20, 50, 400]),
            max_size=3,
        )
    )
    targets = {"customer": len(customers), "campaign": len(campaigns), "contact": len(contacts), "call": len(calls)}
    scopes = [scope for scope, count in targets.items() if count]
    holds = draw(
        st.lists(
            st.sampled_from(scopes).flatmap(
                lambda s: st.tuples(st.just(s), st.integers(0, targets[s] - 1), st.booleans())
            ),
            max_size=2,
        )
    )
    return World(policies, customers, campaigns, contacts, calls, overrides, holds)


def _ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days + 0.5)


def _build(world: World) -> dict:
    for category, days in world.policies.items():
        RetentionPolicy.objects.filter(category=category).update(period_value=days, period_unit=PeriodUnit.DAYS)
    today = timezone.localdate()
    customers = [
        CustomerFactory(contract_ended_on=None if e is None else today - dt.timedelta(days=e)) for e in world.customers
    ]
    campaigns = [
        CampaignFactory(customer=customers[c], started_at=_ago(800), ended_at=None if e is None else _ago(e))
        for c, e in world.campaigns
    ]
    contacts = [ContactFactory(campaign=campaigns[c]) for c in world.contacts]
    calls = []
    for campaign, contact, age, recording, transcript in world.calls:
        call = CallRecordFactory(
            campaign=campaigns[campaign], contact=None if contact is None else contacts[contact], ended_at=_ago(age)
        )
        if recording:
            CallRecording.objects.create(
                call=call, audio=f"recordings/p/{call.pk}.wav", duration_seconds=1, size_bytes=1
            )
        if transcript:
            Transcript.objects.create(call=call, text="t")
        calls.append(call)
    for (campaign, category), days in world.overrides.items():
        CampaignRetentionOverride.objects.create(
            campaign=campaigns[campaign], category=category, days=days, requested_by="prop"
        )
    rows = {"customer": customers, "campaign": campaigns, "contact": contacts, "call": calls}
    for scope, index, released in world.holds:
        LegalHold.objects.create(
            scope=scope,
            **{scope: rows[scope][index]},
            reason="r",
            reference="p",
            placed_at=timezone.now(),
            released_at=timezone.now() if released else None,
        )
    return rows


def _expected(world: World) -> dict[str, set[int]]:
    """Return the indexes of the rows that must survive, by the rules alone."""
    active = [(scope, index) for scope, index, released in world.holds if not released]
    held = {scope: {i for s, i in active if s == scope} for scope in ("customer", "campaign", "contact", "call")}
    held_campaigns = held["campaign"] | {i for i, (c, _) in enumerate(world.campaigns) if c in held["customer"]}

    def call_held(i):
        campaign, contact, *_ = world.calls[i]
        return i in held["call"] or campaign in held_campaigns or (contact is not None and contact in held["contact"])

    def contact_held(i):
        linked = [j for j, call in enumerate(world.calls) if call[1] == i]
        return (
            i in held["contact"]
            or world.contacts[i] in held_campaigns
            or any(j in held["call"] or world.calls[j][0] in held_campaigns for j in linked)
        )

    def customer_of_campaign(k):
        return world.campaigns[k][0]

    held_customers = (
        held["customer"]
        | {customer_of_campaign(k) for k in held["campaign"]}
        | {customer_of_campaign(world.contacts[i]) for i in held["contact"]}
        | {customer_of_campaign(world.calls[i][0]) for i in held["call"]}
    )
    gone_customers = {
        i
        for i, ended in enumerate(world.customers)
        if ended is not None and ended > world.policies[CUSTOMERS] and i not in held_customers
    }

    def window(campaign, *categories):
        return min(min(world.policies[c], world.overrides.get((campaign, c), world.policies[c])) for c in categories)

    survivors = {"calls": set(), "recordings": set(), "transcripts": set(), "contacts": set()}
    for i, (campaign, _, age, recording, transcript) in enumerate(world.calls):
        if customer_of_campaign(campaign) in gone_customers:
            continue
        age += 0.5
        if age > window(campaign, CALLS) and not call_held(i):
            continue
        survivors["calls"].add(i)
        if recording and not (age > window(campaign, RECORDINGS, CALLS) and not call_held(i)):
            survivors["recordings"].add(i)
        if transcript and not (age > window(campaign, TRANSCRIPTS, CALLS) and not call_held(i)):
            survivors["transcripts"].add(i)
    for i, campaign in enumerate(world.contacts):
        if customer_of_campaign(campaign) in gone_customers:
            continue
        ended = world.campaigns[campaign][1]
        if ended is not None and ended + 0.5 > window(campaign, CONTACTS) and not contact_held(i):
            continue
        survivors["contacts"].add(i)
    survivors["customers"] = set(range(len(world.customers))) - gone_customers
    return survivors


def _actual(rows: dict) -> dict[str, set[int]]:
    def alive(model, objects, field="pk"):
        present = set(model.objects.values_list(field, flat=True))
        return {i for i, obj in enumerate(objects) if obj.pk in present}

    return {
        "calls": alive(CallRecord, rows["call"]),
        "recordings": alive(CallRecording, rows["call"], "call_id"),
        "transcripts": alive(Transcript, rows["call"], "call_id"),
        "contacts": alive(Contact, rows["contact"]),
        "customers": alive(Customer, rows["customer"]),
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds())
def test_exactly_the_expired_unheld_rows_disappear_and_a_second_run_deletes_nothing(db, world):
    with transaction.atomic():
        rows = _build(world)
        services.purge_run()
        assert _actual(rows) == _expected(world)
        second = services.purge_run()
        assert sum(second.results.values_list("deleted", flat=True)) == 0
        transaction.set_rollback(True)

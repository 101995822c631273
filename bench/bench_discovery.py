"""Rights-request discovery: a subject's footprint per data holder, by email and by phone, among a million calls.

Measures the whole search of `rights_request_link_matches`: `rights_requests.discovery.subject_footprint`
(campaign data per customer, with recordings and transcripts by call id and the campaign names) plus
`rights_requests.own_data.own_data_find` (CallNex's own account users, billing contacts, invoices and
support tickets), and EXPLAINs every query it runs. Calls of the last 30 days get a recording and a
transcript row (as retention leaves them); the own-data tables hold realistic sizes (`OWN_DATA_FULL`).
"""

import re

from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from bench.dataset import BENCH_CUSTOMER, ensure_calls, ensure_own_data
from bench.report import Figure, median_ms
from callnex_compliance.platform_data.models import CallRecord, CallRecording
from rights_requests.discovery import subject_footprint
from rights_requests.own_data import own_data_find

TARGET_MS = 50.0
MEDIA_DAYS = 30
BIG_TABLES = (
    "platform_data_contact",
    "platform_data_callrecord",
    "platform_data_callrecording",
    "platform_data_transcript",
    "platform_data_accountuser",
    "platform_data_invoice",
    "platform_data_supportticket",
)
# Billing contacts (one or two per customer) are a small table a sequential scan rightly reads.
SCAN = re.compile(r"(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan|Bitmap Index Scan) on (\w+)")


def _ensure_media() -> None:
    """Give the bench customer's calls of the last 30 days a recording and a transcript row (no files)."""
    recent = CallRecord.objects.filter(campaign__customer__name=BENCH_CUSTOMER, ended_at__gte=_cutoff_sql())
    if CallRecording.objects.filter(call__in=recent.values("pk")).count() == recent.count():
        return
    with connection.cursor() as cursor:
        for table, columns, values in (
            ("platform_data_callrecording", "call_id, audio, duration_seconds, size_bytes, created_at",
             "c.id, 'recordings/bench/' || c.id || '.wav', 300, 480000, c.ended_at"),
            ("platform_data_transcript", "call_id, language, text, created_at",
             "c.id, 'nl', 'Agent: Goeiedag. Klant: bench transcript.', c.ended_at"),
        ):  # fmt: skip
            cursor.execute(
                f"""
                INSERT INTO {table} ({columns})
                SELECT {values} FROM platform_data_callrecord c
                JOIN platform_data_campaign g ON g.id = c.campaign_id
                JOIN platform_data_customer u ON u.id = g.customer_id
                WHERE u.name = %s AND c.ended_at >= now() - interval '{MEDIA_DAYS} days'
                ON CONFLICT (call_id) DO NOTHING
                """,
                [BENCH_CUSTOMER],
            )
        cursor.execute("ANALYZE platform_data_callrecording; ANALYZE platform_data_transcript")


def _discover(*, email: str = "", phone: str = "") -> None:
    """Run the searches of `rights_request_link_matches`: campaign data per customer and CallNex's own data."""
    subject_footprint(email=email, phone=phone)
    own_data_find(email=email, phone=phone)


def _cutoff_sql() -> RawSQL:
    return RawSQL(f"now() - interval '{MEDIA_DAYS} days'", [])


def _queries_of(func) -> list[tuple[str, tuple]]:
    captured = []

    def wrapper(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        func()
    return captured


def _plans(queries, *, seqscan: bool = True) -> list[str]:
    plans = []
    with transaction.atomic(), connection.cursor() as cursor:
        if not seqscan:
            # Tiny tables (campaigns, customers) are rightly seq-scanned; this shows an index *can* answer.
            cursor.execute("SET LOCAL enable_seqscan = off")
        for sql, params in queries:
            cursor.execute(f"EXPLAIN {sql}", params)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def _seq_scanned(plans: list[str], tables=None) -> set[str]:
    return {
        table
        for plan in plans
        for kind, table in SCAN.findall(plan)
        if kind == "Seq Scan" and (tables is None or table in tables)
    }


def run(*, scale: float) -> list[Figure]:
    calls = max(int(1_000_000 * scale), 1000)
    ensure_calls(calls=calls)
    _ensure_media()
    # Calls are spread over 600 days by their number; subject n owns calls 2n and 2n+1, so a multiple
    # of 300 has both calls in the last two days, with recordings and transcripts.
    subject = (calls // 3) // 300 * 300
    email, phone = f"bench{subject}@example.be", f"+3247{subject:07d}"
    ensure_own_data(scale=scale, subjects=[email])
    found = subject_footprint(email=email)
    assert found and len(found[0].call_ids) == 2 and found[0].recordings == 2, "the bench subject must exist"
    own = own_data_find(email=email, phone=phone)
    assert len(own["account_users"]) == 1 and len(own["support_tickets"]) == 1, "the bench subject must exist"
    figures = []
    for label, identifier in (("by email", {"email": email}), ("by phone", {"phone": phone})):
        ms = median_ms(lambda identifier=identifier: _discover(**identifier))
        figures.append(
            Figure("discovery", f"median {label}, {calls:,} calls", ms, "ms", f"< {TARGET_MS:.0f} ms", ms < TARGET_MS)
        )
    queries = _queries_of(lambda: _discover(email=email, phone=phone))
    seq_on_big = _seq_scanned(_plans(queries), BIG_TABLES)
    seq_forced = _seq_scanned(_plans(queries, seqscan=False))
    figures.append(Figure("discovery", "queries per lookup (email + phone)", len(queries), "queries"))
    figures.append(
        Figure(
            "discovery",
            "EXPLAIN: index scans on campaign data and CallNex's own data",
            float(not seq_on_big),
            "bool",
            "1",
            not seq_on_big,
        )
    )
    figures.append(
        Figure("discovery", "EXPLAIN: every query can use an index", float(not seq_forced), "bool", "1", not seq_forced)
    )
    if seq_on_big or seq_forced:
        print(f"   sequential scans: {sorted(seq_on_big | seq_forced)}")
    return figures

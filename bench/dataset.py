"""Large platform datasets built with set-based SQL, so a million rows take seconds, not hours."""

from django.db import connection

from callnex_compliance.platform_data.models import CallRecord

BENCH_CUSTOMER = "Bench Customer"


def ensure_calls(*, calls: int, campaigns: int = 50) -> None:
    """Ensure the bench customer has `calls` call records spread over `campaigns`, one contact per two calls."""
    if CallRecord.objects.filter(campaign__customer__name=BENCH_CUSTOMER).count() == calls:
        return
    contacts = calls // 2
    with connection.cursor() as cursor:
        _delete_bench_customer(cursor)
        cursor.execute(
            """
            INSERT INTO platform_data_customer (name, vat_number, contact_email, contract_started_on, created_at)
            VALUES (%s, 'BE0999999999', '', CURRENT_DATE - 800, now()) RETURNING id
            """,
            [BENCH_CUSTOMER],
        )
        customer_id = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO platform_data_campaign (customer_id, name, started_at, ended_at)
            SELECT %s, 'Bench campaign ' || g, now() - interval '700 days', NULL FROM generate_series(1, %s) g
            """,
            [customer_id, campaigns],
        )
        cursor.execute("SELECT min(id) FROM platform_data_campaign WHERE customer_id = %s", [customer_id])
        first_campaign = cursor.fetchone()[0]
        # Ids from one sequence inserted in one statement are contiguous, which lets rows be paired by arithmetic.
        cursor.execute(
            """
            INSERT INTO platform_data_contact (campaign_id, name, phone, email, created_at)
            SELECT %s + (g %% %s), 'Bench contact ' || g, '+3247' || lpad(g::text, 7, '0'),
                   'bench' || g || '@example.be', now()
            FROM generate_series(0, %s - 1) g ORDER BY g
            """,
            [first_campaign, campaigns, contacts],
        )
        cursor.execute(
            "SELECT min(id) FROM platform_data_contact WHERE campaign_id BETWEEN %s AND %s",
            [first_campaign, first_campaign + campaigns - 1],
        )
        first_contact = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO platform_data_callrecord
                (campaign_id, contact_id, remote_number, direction, started_at, ended_at, outcome)
            SELECT %s + ((g / 2) %% %s), %s + g / 2, '+3247' || lpad((g / 2)::text, 7, '0'), 'outbound',
                   now() - (g %% 600) * interval '1 day' - interval '5 minutes',
                   now() - (g %% 600) * interval '1 day', 'answered'
            FROM generate_series(0, %s - 1) g
            """,
            [first_campaign, campaigns, first_contact, calls],
        )
        cursor.execute("ANALYZE")


def _delete_bench_customer(cursor) -> None:
    """Delete the bench customer's rows child-first: Django's cascades are not in the database schema."""
    customer = "SELECT id FROM platform_data_customer WHERE name = %s"
    campaigns = f"SELECT id FROM platform_data_campaign WHERE customer_id IN ({customer})"
    calls = f"SELECT id FROM platform_data_callrecord WHERE campaign_id IN ({campaigns})"
    for statement in (
        f"DELETE FROM platform_data_transcript WHERE call_id IN ({calls})",
        f"DELETE FROM platform_data_callrecording WHERE call_id IN ({calls})",
        f"DELETE FROM platform_data_callrecord WHERE campaign_id IN ({campaigns})",
        f"DELETE FROM platform_data_contact WHERE campaign_id IN ({campaigns})",
        f"DELETE FROM platform_data_campaign WHERE customer_id IN ({customer})",
        "DELETE FROM platform_data_customer WHERE name = %s",
    ):
        cursor.execute(statement, [BENCH_CUSTOMER])

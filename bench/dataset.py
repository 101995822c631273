"""Large platform datasets built with set-based SQL, so a million rows take seconds, not hours."""

from django.db import connection

from callnex_compliance.platform_data.models import AccountUser, CallRecord

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
    tickets = f"SELECT id FROM platform_data_supportticket WHERE customer_id IN ({customer})"
    for statement in (
        f"DELETE FROM platform_data_ticketmessage WHERE ticket_id IN ({tickets})",
        f"DELETE FROM platform_data_supportticket WHERE customer_id IN ({customer})",
        f"DELETE FROM platform_data_invoice WHERE customer_id IN ({customer})",
        f"DELETE FROM platform_data_billingcontact WHERE customer_id IN ({customer})",
        f"DELETE FROM platform_data_accountuser WHERE customer_id IN ({customer})",
        f"DELETE FROM platform_data_transcript WHERE call_id IN ({calls})",
        f"DELETE FROM platform_data_callrecording WHERE call_id IN ({calls})",
        f"DELETE FROM platform_data_callrecord WHERE campaign_id IN ({campaigns})",
        f"DELETE FROM platform_data_contact WHERE campaign_id IN ({campaigns})",
        f"DELETE FROM platform_data_campaign WHERE customer_id IN ({customer})",
        "DELETE FROM platform_data_customer WHERE name = %s",
    ):
        cursor.execute(statement, [BENCH_CUSTOMER])


# CallNex's own data at 1,000,000 calls (scale 1): a platform of that size has a few hundred customers.
OWN_DATA_FULL = {"account_users": 20_000, "billing_contacts": 1_000, "invoices": 60_000, "tickets": 40_000}
MESSAGES_PER_TICKET = 4


def ensure_own_data(*, scale: float, subjects: list[str]) -> None:
    """Fill account users, billing contacts, invoices and tickets (4 messages each) at realistic sizes.

    Rows hang on the bench customer; `subjects` (emails) also get an account user and a ticket, so the
    lookup finds something. Call after `ensure_calls`, which deletes them with the customer.
    """
    sizes = {name: max(int(full * scale), 10) for name, full in OWN_DATA_FULL.items()}
    if AccountUser.objects.filter(customer__name=BENCH_CUSTOMER).count() == sizes["account_users"] + len(subjects):
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM platform_data_customer WHERE name = %s", [BENCH_CUSTOMER])
        customer_id = cursor.fetchone()[0]
        for table in ("ticketmessage", "supportticket", "invoice", "billingcontact", "accountuser"):
            column = (
                "ticket_id IN (SELECT id FROM platform_data_supportticket WHERE customer_id = %s)"
                if (table == "ticketmessage")
                else "customer_id = %s"
            )
            cursor.execute(f"DELETE FROM platform_data_{table} WHERE {column}", [customer_id])
        cursor.execute(
            """
            INSERT INTO platform_data_accountuser (customer_id, name, email, phone, created_at)
            SELECT %s, 'Bench user ' || g, 'user' || g || '@bench-customer.example', '', now()
            FROM generate_series(1, %s) g
            UNION ALL SELECT %s, 'Bench subject', email, '', now() FROM unnest(%s::text[]) email
            """,
            [customer_id, sizes["account_users"], customer_id, subjects],
        )
        cursor.execute(
            """
            INSERT INTO platform_data_billingcontact (customer_id, name, email, phone)
            SELECT %s, 'Bench billing ' || g, 'billing' || g || '@bench-customer.example', ''
            FROM generate_series(1, %s) g
            """,
            [customer_id, sizes["billing_contacts"]],
        )
        cursor.execute(
            """
            INSERT INTO platform_data_invoice (customer_id, number, issued_on, billed_to, sent_to_email, total_cents)
            SELECT %s, 'BENCH-' || g, CURRENT_DATE - (g %% 3650), %s,
                   'billing' || (g %% %s) || '@bench-customer.example', 49900
            FROM generate_series(1, %s) g
            """,
            [customer_id, BENCH_CUSTOMER, sizes["billing_contacts"], sizes["invoices"]],
        )
        cursor.execute(
            """
            INSERT INTO platform_data_supportticket
                (customer_id, requester_name, requester_email, subject, status, opened_at, closed_at)
            SELECT %s, 'Bench user', 'user' || (g %% %s) || '@bench-customer.example', 'Bench question', 'closed',
                   now() - (g %% 700) * interval '1 day' - interval '2 days', now() - (g %% 700) * interval '1 day'
            FROM generate_series(1, %s) g
            UNION ALL SELECT %s, 'Bench subject', email, 'Bench question', 'open', now(), NULL
            FROM unnest(%s::text[]) email
            """,
            [customer_id, sizes["account_users"], sizes["tickets"], customer_id, subjects],
        )
        cursor.execute(
            """
            INSERT INTO platform_data_ticketmessage (ticket_id, author, body, sent_at)
            SELECT t.id, CASE WHEN m %% 2 = 0 THEN 'customer' ELSE 'staff' END, 'Bench message ' || m, t.opened_at
            FROM platform_data_supportticket t CROSS JOIN generate_series(1, %s) m WHERE t.customer_id = %s
            """,
            [MESSAGES_PER_TICKET, customer_id],
        )
        cursor.execute("ANALYZE")

"""The purge enforces CallNex's own categories: account data, billing records and support tickets."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from callnex_compliance.platform_data.models import (
    AccountUser,
    BillingContact,
    Customer,
    Invoice,
    SupportTicket,
    TicketMessage,
)
from retention import services
from retention.models import DataCategory, RetentionPolicy
from retention.models.policies import first_kept_invoice_date
from tests.factories.platform_data import (
    AccountUserFactory,
    BillingContactFactory,
    CustomerFactory,
    InvoiceFactory,
    SupportTicketFactory,
    TicketMessageFactory,
)
from tests.factories.retention import LegalHoldFactory, days_ago

BRUSSELS_NOON = dt.time(12, tzinfo=dt.UTC)


def _run_at(day: dt.date):
    with mock.patch("django.utils.timezone.now", return_value=dt.datetime.combine(day, BRUSSELS_NOON)):
        return services.purge_run()


def _ended_customer(days: int) -> Customer:
    return CustomerFactory(
        contract_started_on=timezone.localdate() - dt.timedelta(days=days + 400),
        contract_ended_on=timezone.localdate() - dt.timedelta(days=days),
    )


def test_billing_policy_counts_ten_years_from_the_next_first_of_january_when_seeded(db):
    policy = RetentionPolicy.objects.get(category=DataCategory.BILLING_RECORDS)
    assert (policy.period_value, policy.period_unit, policy.anchor) == (10, "years", "invoice_next_jan")


@pytest.mark.parametrize(
    ("today", "kept"),
    [(dt.date(2034, 12, 31), True), (dt.date(2035, 1, 1), False), (dt.date(2035, 6, 1), False)],
)
def test_keeps_an_invoice_of_15_march_2024_until_31_december_2034_when_purged(db, today, kept):
    invoice = InvoiceFactory(issued_on=dt.date(2024, 3, 15))
    later = InvoiceFactory(issued_on=dt.date(2025, 1, 1))
    run = _run_at(today)
    assert Invoice.objects.filter(pk=invoice.pk).exists() is kept
    assert Invoice.objects.filter(pk=later.pk).exists()
    assert run.results.get(category="billing_records").deleted == (0 if kept else 1)


def test_first_kept_invoice_date_is_the_first_of_january_of_the_cutoff_year():
    assert first_kept_invoice_date(dt.date(2025, 1, 1)) == dt.date(2025, 1, 1)
    assert first_kept_invoice_date(dt.date(2024, 12, 31)) == dt.date(2024, 1, 1)


def test_keeps_invoices_after_the_customer_and_its_account_users_are_deleted(db):
    customer = _ended_customer(400)
    user = AccountUserFactory(customer=customer)
    contact = BillingContactFactory(customer=customer)
    invoice = InvoiceFactory(customer=customer, issued_on=timezone.localdate() - dt.timedelta(days=500))
    run = services.purge_run()
    assert not AccountUser.objects.filter(pk=user.pk).exists()
    assert not BillingContact.objects.filter(pk=contact.pk).exists()  # a billing contact is account data
    assert not Customer.objects.filter(pk=customer.pk).exists()
    invoice.refresh_from_db()
    assert invoice.customer is None and invoice.billed_to  # the invoice keeps the name it was issued to
    assert run.results.get(category="customer_accounts").deleted == 3  # user, billing contact, customer


def test_keeps_account_users_while_the_contract_ended_less_than_12_months_ago(db):
    user = AccountUserFactory(customer=_ended_customer(300))
    running = AccountUserFactory()
    services.purge_run()
    assert AccountUser.objects.filter(pk__in=[user.pk, running.pk]).count() == 2


def test_deletes_account_users_even_when_a_record_protects_the_customer_row(db):
    from tests.factories.rights_requests import RightsRequestFactory

    customer = _ended_customer(400)
    RightsRequestFactory(role="processor", customer=customer)  # PROTECT keeps the customer row
    user = AccountUserFactory(customer=customer)
    services.purge_run()
    assert Customer.objects.filter(pk=customer.pk).exists()
    assert not AccountUser.objects.filter(pk=user.pk).exists()


def test_deletes_a_ticket_and_its_messages_24_months_after_it_was_closed(db):
    old = SupportTicketFactory(closed=True, opened_at=days_ago(800), closed_at=days_ago(740))
    TicketMessageFactory(ticket=old)
    recent = SupportTicketFactory(closed=True, opened_at=days_ago(700), closed_at=days_ago(700))
    still_open = SupportTicketFactory(opened_at=days_ago(1500))
    run = services.purge_run()
    assert set(SupportTicket.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert not TicketMessage.objects.filter(ticket_id=old.pk).exists()
    assert run.results.get(category="support_tickets").deleted == 1


def test_counts_from_the_closing_date_not_the_opening_when_a_ticket_stayed_open_long(db):
    ticket = SupportTicketFactory(closed=True, opened_at=days_ago(1500), closed_at=days_ago(100))
    services.purge_run()
    assert SupportTicket.objects.filter(pk=ticket.pk).exists()


def test_keeps_the_controller_data_of_a_customer_under_legal_hold(db):
    customer = _ended_customer(400)
    user = AccountUserFactory(customer=customer)
    ticket = SupportTicketFactory(customer=customer, closed=True, opened_at=days_ago(800), closed_at=days_ago(790))
    invoice = InvoiceFactory(customer=customer, issued_on=dt.date(2010, 5, 1))
    LegalHoldFactory(customer=customer)
    run = services.purge_run()
    assert AccountUser.objects.filter(pk=user.pk).exists()
    assert SupportTicket.objects.filter(pk=ticket.pk).exists() and Invoice.objects.filter(pk=invoice.pk).exists()
    assert run.results.get(category="support_tickets").kept_by_hold == 1


def test_dry_run_lists_expired_tickets_and_invoices_and_changes_nothing(db):
    ticket = SupportTicketFactory(closed=True, opened_at=days_ago(800), closed_at=days_ago(790))
    InvoiceFactory(issued_on=dt.date(2010, 5, 1), billed_to="Old Customer NV")
    previews = services.purge_preview()
    assert previews["support_tickets"].by_customer == {ticket.customer.name: 1}
    assert previews["billing_records"].by_customer == {"Old Customer NV": 1}
    assert SupportTicket.objects.filter(pk=ticket.pk).exists() and Invoice.objects.count() == 1

"""Closed requests are anonymised after their retention, in their history and letters too (called by the purge)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rights_requests import services
from rights_requests.models import ANONYMISED, Forwarding, RightsRequest, RightsRequestLetter
from tests.factories.platform_data import CustomerFactory
from tests.factories.rights_requests import RightsRequestFactory, request_via_intake

NAME, EMAIL = "Sofie Peeters", "sofie.peeters@example.be"


def _closed_request(closed_days_ago: int) -> RightsRequest:
    request = request_via_intake(details="I am Sofie, born 1 May 1980.")
    services.rights_request_refuse(rights_request=request, actor=None, reason="other", text="Dear Sofie, no.")
    RightsRequest.objects.filter(pk=request.pk).update(closed_at=timezone.now() - dt.timedelta(days=closed_days_ago))
    return request


def _three_years_ago() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=3 * 365)


def test_anonymises_the_requester_fields_of_requests_closed_before_the_cutoff(db):
    old = _closed_request(4 * 365)
    assert services.rights_requests_anonymise_closed(closed_before=_three_years_ago()) == 1
    old.refresh_from_db()
    assert (old.requester_name, old.requester_email, old.requester_phone) == (ANONYMISED, "", "")
    assert old.details == "" and old.outcome_text == "" and old.anonymised_at
    assert old.reference.startswith("RR-") and old.status == "refused"  # the proof stays


def test_anonymisation_scrubs_history_rows_and_stored_letters(db):
    old = _closed_request(4 * 365)
    services.rights_requests_anonymise_closed(closed_before=_three_years_ago())
    history = list(old.history.values_list("requester_name", "requester_email", "requester_phone", "details"))
    assert history and all(row == (ANONYMISED, "", "", "") for row in history)
    for model in (RightsRequestLetter.objects, RightsRequestLetter.history):
        for to_email, body in model.filter(rights_request_id=old.pk).values_list("to_email", "body"):
            assert to_email == "" and NAME not in body and "Sofie" not in body
    assert old.events.filter(kind="anonymised").exists()


def test_anonymisation_scrubs_the_controllers_answer_of_forwardings(db):
    old = _closed_request(4 * 365)
    forwarding = Forwarding.objects.create(rights_request=old, customer=CustomerFactory(), outcome="Sofie is erased")
    services.rights_requests_anonymise_closed(closed_before=_three_years_ago())
    forwarding.refresh_from_db()
    assert forwarding.outcome == ""
    assert not Forwarding.history.filter(outcome__contains="Sofie").exists()


def test_anonymisation_leaves_recent_and_open_requests_alone(db):
    recent = _closed_request(30)
    still_open = request_via_intake()
    assert services.rights_requests_anonymise_closed(closed_before=_three_years_ago()) == 0
    for request in (recent, still_open):
        request.refresh_from_db()
        assert request.requester_email == EMAIL and request.anonymised_at is None


def test_anonymisation_is_idempotent(db):
    _closed_request(4 * 365)
    assert services.rights_requests_anonymise_closed(closed_before=_three_years_ago()) == 1
    assert services.rights_requests_anonymise_closed(closed_before=_three_years_ago()) == 0


def test_dry_run_counts_without_changing_anything(db):
    old = _closed_request(4 * 365)
    assert services.rights_requests_anonymise_closed(closed_before=_three_years_ago(), dry_run=True) == 1
    old.refresh_from_db()
    assert old.anonymised_at is None and old.requester_email == EMAIL


def test_anonymisation_runs_the_same_number_of_queries_for_3_and_30_requests(db):
    closed = timezone.now() - dt.timedelta(days=4 * 365)

    def queries_to_anonymise(count: int) -> int:
        RightsRequest.objects.bulk_create(RightsRequestFactory.build_batch(count, status="withdrawn", closed_at=closed))
        with CaptureQueriesContext(connection) as queries:
            assert services.rights_requests_anonymise_closed(closed_before=_three_years_ago()) == count
        return len(queries)

    assert queries_to_anonymise(3) == queries_to_anonymise(30)


def test_anonymisation_works_through_several_batches(db):
    closed = timezone.now() - dt.timedelta(days=4 * 365)
    RightsRequest.objects.bulk_create(RightsRequestFactory.build_batch(7, status="withdrawn", closed_at=closed))
    assert services.rights_requests_anonymise_closed(closed_before=_three_years_ago(), batch_size=3) == 7
    assert not RightsRequest.objects.filter(anonymised_at__isnull=True).exists()

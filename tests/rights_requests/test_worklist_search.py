"""The worklist search: names, partial email addresses, references and phone numbers."""

import pytest
from django.db import connection

from rights_requests.models import RightsRequest
from rights_requests.selectors import rights_requests_search
from tests.factories.rights_requests import RightsRequestFactory

CHANGELIST = "/admin/rights_requests/rightsrequest/"


@pytest.fixture
def sofie(db) -> RightsRequest:
    RightsRequestFactory(requester_name="Jan Janssens", requester_email="jan@callnex-klant.be")
    return RightsRequestFactory(requester_name="Sofie Peeters", requester_email="sofie@example.com")


@pytest.mark.parametrize("term", ["Sofie", "sofie", "peeters sofie", "sofie@", "example.com", " Peet "])
def test_worklist_search_finds_the_requester_by_name_or_part_of_the_email(sofie, handler_client, term):
    response = handler_client.get(CHANGELIST, {"q": term})
    assert list(response.context["cl"].result_list) == [sofie]


def test_worklist_search_finds_nothing_when_one_word_matches_nobody(sofie, handler_client):
    response = handler_client.get(CHANGELIST, {"q": "Sofie Janssens"})
    assert list(response.context["cl"].result_list) == []


def test_worklist_search_still_finds_a_reference(sofie, handler_client):
    response = handler_client.get(CHANGELIST, {"q": sofie.reference.lower()})
    assert list(response.context["cl"].result_list) == [sofie]


def test_worklist_search_by_name_uses_the_trigram_indexes_on_postgresql(sofie, on_postgres):
    if not on_postgres:
        pytest.skip("EXPLAIN assertions need PostgreSQL (set DATABASE_URL=postgres://...)")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = rights_requests_search(RightsRequest.objects.all(), "sofie@").explain()
    assert "rr_requester_name_trgm_idx" in plan, plan
    assert "rr_requester_email_trgm_idx" in plan, plan
    assert "Seq Scan" not in plan, plan

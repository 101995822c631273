"""The read-only staff API of the register, and its place in the OpenAPI schema."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.legal_basis import LegalBasisFactory, PersonalDataCategoryFactory, approved_activity
from tests.factories.subprocessors import SubprocessorFactory

URL = "/api/processing-activities/"


@pytest.fixture
def register(db):
    marketing = approved_activity(name="Prospect marketing")
    LegalBasisFactory(activity=marketing, basis="legitimate_interests")
    marketing.subprocessors.add(SubprocessorFactory(active=True, us_under_sccs=True, public_name="Speechly"))
    marketing.personal_data_categories.add(
        PersonalDataCategoryFactory(name="Call records", retention_category="call_records")
    )
    approved_activity(name="Call recording", role="processor", all_customers=True)
    return marketing


def test_staff_list_activities_with_derived_transfers_and_retention(auditor_client, register):
    response = auditor_client.get(URL)
    assert response.status_code == 200
    marketing = next(a for a in response.json()["results"] if a["name"] == "Prospect marketing")
    assert marketing["transfers"][0]["countries"] == ["United States of America"]
    assert {"data_category": "Call records", "period": "12 months from call ended"} in marketing["retention"]
    assert [b["basis"] for b in marketing["legal_bases"]] == ["contract", "legitimate_interests"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("role=processor", ["Call recording"]), ("legal_basis=legitimate_interests", ["Prospect marketing"]),
     ("search=recording", ["Call recording"])],
)  # fmt: skip
def test_list_filters_by_role_basis_and_search(dpc_client, register, query, expected):
    assert [a["name"] for a in dpc_client.get(f"{URL}?{query}").json()["results"]] == expected


def test_retrieve_returns_one_activity(dpc_client, register):
    assert dpc_client.get(f"{URL}{register.pk}/").json()["name"] == "Prospect marketing"


def test_api_is_read_only(dpc_client, register):
    assert dpc_client.delete(f"{URL}{register.pk}/").status_code == 405
    assert dpc_client.post(URL, {"name": "x"}).status_code == 405


def test_anonymous_visitors_cannot_read_the_register(client, register):
    assert client.get(URL).status_code in (401, 403)


def test_list_runs_a_constant_number_of_queries(dpc_client, register):
    with CaptureQueriesContext(connection) as small:
        dpc_client.get(URL)
    for _ in range(5):
        approved_activity().subprocessors.add(SubprocessorFactory(active=True))
    with CaptureQueriesContext(connection) as large:
        dpc_client.get(URL)
    assert len(small) == len(large)


def test_schema_documents_the_register_endpoints(dpc_client, db):
    schema = dpc_client.get("/api/schema/").content.decode()
    assert "/api/processing-activities/{id}/" in schema
    assert "ProcessingActivity" in schema

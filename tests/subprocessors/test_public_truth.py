"""The public page derives its statements from the register: data locations, last update, CSV list."""

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from tests.factories.subprocessors import SubprocessorFactory, applied_change

pytestmark = pytest.mark.django_db


def _location_sentence(client) -> str:
    html = client.get("/subprocessors/", follow=True).content.decode()
    return " ".join(re.search(r'<p id="data-location">(.*?)</p>', html, re.S).group(1).split())


def _active(**fields):
    subprocessor = SubprocessorFactory(active=True, **fields)
    applied_change(subprocessor)
    return subprocessor


def test_location_sentence_changes_when_a_non_eea_subprocessor_becomes_active(client):
    _active(public_name="Hetzner", locations=["DE"])
    assert _location_sentence(client) == (
        "All personal data is stored and accessed only in the European Economic Area (EEA)."
    )
    _active(public_name="Desk", locations=["IE"], remote_access_locations=["US"], us_under_sccs=True)
    sentence = _location_sentence(client)
    assert "only in the European Economic Area" not in sentence
    assert "Desk (United States of America; Standard Contractual Clauses (Art. 46(2)(c)))" in sentence


def test_page_says_no_fixed_all_data_in_the_eu_sentence(client):
    _active(locations=["US"], us_under_sccs=True)
    assert (
        "All personal data is stored on servers in the EU"
        not in client.get("/subprocessors/", follow=True).content.decode()
    )


def test_last_updated_is_the_date_of_the_last_public_change_not_today(client):
    subprocessor = _active(public_name="Hetzner")
    changed = timezone.now() - dt.timedelta(days=50)
    subprocessor.changes.update(applied_at=changed)
    html = client.get("/subprocessors/", follow=True).content.decode()
    assert f'Last updated <time datetime="{timezone.localdate(changed):%Y-%m-%d}">' in html
    assert f'{timezone.localdate():%Y-%m-%d}">' not in html.split("Last updated")[1]


def test_page_shows_establishment_apart_from_locations_and_an_objection_link(client):
    _active(public_name="Desk", legal_name="Desk, Inc.", locations=["IE"], established_in="US")
    html = client.get("/subprocessors/", follow=True).content.decode()
    assert "Desk, Inc., established in United States of America" in html
    assert "Objection%20to%20a%20sub-processor%20change" in html


def test_csv_lists_the_current_subprocessors_with_formula_safe_cells(client):
    _active(public_name="Hetzner", locations=["DE"], remote_access_locations=["US"], us_under_sccs=True)
    _active(public_name="=HYPERLINK(1)")
    SubprocessorFactory(public_name="Proposed one")
    response = client.get("/subprocessors/list.csv", follow=True)
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["Sub-processor"] for row in rows] == ["'=HYPERLINK(1)", "Hetzner"]
    hetzner = rows[1]
    assert hetzner["Storage locations"] == "Germany"
    assert hetzner["Remote access from"] == "United States of America" and hetzner["Outside the EEA"] == "US"

"""The public page, feed and API: exactly the public fields, few queries, conditional GETs."""

import datetime as dt

import feedparser
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from callnex_compliance.platform_data.models import OrganisationProfile
from subprocessors import selectors, services
from subprocessors.models import Subprocessor, SubprocessorChange
from tests.factories.subprocessors import SubprocessorFactory, applied_change

pytestmark = pytest.mark.django_db

PAGE = reverse("subprocessors:subprocessor-list")
FEED = reverse("subprocessors:change-feed")
API = "/api/subprocessors/"
PRIVATE_NOTE = "PRIVATE-NOTE-q7z3x9"
PRIVATE_DPA_NAME = "PRIVATE-DPA-k2m8w4"
PRIVATE_DPA_DATE = dt.date(1987, 6, 5)


@pytest.fixture
def register(db):
    """An active sub-processor with planted private values, a US one under SCCs, and an upcoming one."""
    OrganisationProfile.get_solo()
    hosting = SubprocessorFactory(
        active=True,
        public_name="Hetzner",
        legal_name="Hetzner Online GmbH",
        internal_notes=PRIVATE_NOTE,
        dpa_signed_on=PRIVATE_DPA_DATE,
        dpa_document=ContentFile(b"%PDF-1.4 private", name=f"{PRIVATE_DPA_NAME}.pdf"),
    )
    applied_change(hosting)
    support = SubprocessorFactory(active=True, us_under_sccs=True, public_name="Helpdesk", service="Support desk")
    applied_change(support)
    upcoming = SubprocessorFactory(public_name="Speechly", service="Speech-to-text", internal_notes=PRIVATE_NOTE)
    services.subprocessor_announce(subprocessor=upcoming, effective_from=timezone.localdate() + dt.timedelta(days=40))
    SubprocessorFactory(public_name="SecretCandidate")  # proposed: never public
    return {"hosting": hosting, "support": support, "upcoming": upcoming}


def _assert_no_private_value(text: str) -> None:
    for private in (PRIVATE_NOTE, PRIVATE_DPA_NAME, "1987", "SecretCandidate", "subprocessors/dpa"):
        assert private not in text


def test_page_lists_current_upcoming_and_log_when_register_is_filled(client, register):
    page = client.get(PAGE)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Hetzner Online GmbH" in text and "Standard Contractual Clauses" in text
    assert "Speechly" in text and "in 40 days" in text
    assert "support@callnex.nl" in text and "Gegevensbeschermingsautoriteit" in text


def test_page_shows_no_private_field_when_private_values_are_planted(client, register):
    _assert_no_private_value(client.get(PAGE).content.decode())


def test_feed_shows_no_private_field_when_private_values_are_planted(client, register):
    _assert_no_private_value(client.get(FEED).content.decode())


def test_api_shows_no_private_field_when_private_values_are_planted(client, register):
    body = client.get(API).content.decode()
    _assert_no_private_value(body)
    for key in ("internal_notes", "dpa_signed_on", "dpa_document", "announced_at", "activated_at"):
        assert f'"{key}"' not in body


def test_api_lists_announced_and_active_subprocessors_with_their_public_fields(client, register):
    response = client.get(API)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and "next" in body
    support = next(row for row in body["results"] if row["public_name"] == "Helpdesk")
    assert support["locations"] == ["US"] and support["third_country_locations"] == ["US"]
    assert support["transfer_safeguard"] == "scc"
    assert {row["status"] for row in body["results"]} == {"active", "announced"}


def test_api_answers_anonymous_readers_without_login(client, register):
    assert client.get(f"{API}{register['support'].pk}/").status_code == 200
    assert client.get("/api/subprocessor-changes/").json()["count"] == 3


def test_api_is_described_in_the_openapi_schema(client, register):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/subprocessors/" in schema and "/api/subprocessor-changes/" in schema
    assert "internal_notes" not in schema and "dpa_signed_on" not in schema


def test_feed_parses_with_feedparser_when_changes_exist(client, register):
    response = client.get(FEED)
    feed = feedparser.parse(response.content)
    assert response["Content-Type"].startswith("application/atom+xml")
    assert not feed.bozo
    assert feed.feed.title == "CallNex BV sub-processor changes"
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 3 and any(t.startswith("New sub-processor: Speechly") for t in titles)


def test_page_returns_304_when_etag_still_matches(client, register):
    first = client.get(PAGE)
    again = client.get(PAGE, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_page_returns_304_when_not_modified_since(client, register):
    first = client.get(PAGE)
    again = client.get(PAGE, headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 304


def test_page_returns_200_when_the_register_changed_after_the_etag(client, register):
    first = client.get(PAGE)
    register["support"].purpose = "Handles support tickets, now also by chat."
    register["support"].save()
    again = client.get(PAGE, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_page_drops_a_withdrawn_change_when_it_was_rendered_before(client, register):
    assert b"Speechly" in client.get(PAGE).content
    services.change_withdraw(change=register["upcoming"].changes.get())
    assert b"Speechly" not in client.get(PAGE).content


def test_page_serves_a_repeat_visit_from_cache_without_rendering_again(client, register):
    client.get(PAGE)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    assert len(queries) == 0


def test_page_shows_an_edit_made_in_admin_at_once(client, register):
    client.get(PAGE)
    register["hosting"].purpose = "Hosts everything, now with a new purpose text."
    register["hosting"].save()
    assert b"now with a new purpose text" in client.get(PAGE).content


def test_page_shows_an_edited_organisation_profile_at_once(client, register):
    client.get(PAGE)
    profile = OrganisationProfile.get_solo()
    profile.contact_email = "privacy@callnex.example"
    profile.save()
    assert b"privacy@callnex.example" in client.get(PAGE).content


def test_page_shows_a_change_no_signal_saw_once_the_cache_is_cleared(client, register):
    assert b"Helpdesk" in client.get(PAGE).content  # rendered, and kept by this process
    Subprocessor.objects.filter(public_name="Helpdesk").update(public_name="Ticket desk")  # no signal, same ETag
    cache.clear()
    assert b"Ticket desk" in client.get(PAGE).content


def test_page_version_changes_at_local_midnight_when_the_register_did_not(register):
    zone = timezone.get_current_timezone()
    tomorrow, after = (timezone.localdate() + dt.timedelta(days=days) for days in (1, 2))
    late = selectors.public_version(now=dt.datetime.combine(tomorrow, dt.time(23, 59), tzinfo=zone))
    early = selectors.public_version(now=dt.datetime.combine(after, dt.time(0, 1), tzinfo=zone))
    assert late.token == early.token  # the same register stamp
    assert late.etag != early.etag
    assert early.last_modified == dt.datetime.combine(after, dt.time(), tzinfo=zone)


def _register_of(size: int, *, prefix: str) -> None:
    now = timezone.now()
    subprocessors = Subprocessor.objects.bulk_create(
        Subprocessor(
            public_name=f"{prefix} Vendor {i}",
            legal_name=f"{prefix} Vendor {i} SAS",
            service="Email delivery",
            purpose="Sends emails.",
            data_categories="Email addresses",
            locations=["FR", "US"] if i % 2 else ["FR"],
            transfer_safeguard="scc" if i % 2 else "",
            safeguard_reference="SCCs 2021/914" if i % 2 else "",
            status=Subprocessor.Status.ACTIVE,
            activated_at=now,
        )
        for i in range(size)
    )
    SubprocessorChange.objects.bulk_create(
        SubprocessorChange(
            subprocessor=sp, kind="addition", summary="Added.", new_locations=["FR"], announced_at=now,
            effective_from=now.date(), applied_at=now,
        )
        for sp in subprocessors
    )  # fmt: skip


def _queries_for_page(client, size: int) -> int:
    _register_of(size, prefix=f"Size{size}")
    cache.clear()  # bulk_create sends no signal; measure the first visit after a change
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE)
    assert response.status_code == 200 and response.content.count(f"Size{size} Vendor ".encode()) >= size
    return len(queries)


def test_page_runs_at_most_4_queries_for_5_subprocessors(client, db):
    OrganisationProfile.get_solo()
    assert _queries_for_page(client, 5) <= 4


def test_page_runs_the_same_queries_for_200_as_for_5_subprocessors(client, db):
    OrganisationProfile.get_solo()
    small = _queries_for_page(client, 5)
    large = _queries_for_page(client, 200)
    assert large == small <= 4

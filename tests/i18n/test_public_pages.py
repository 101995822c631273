"""Every public page in Dutch, French and English, chosen by the URL prefix; old unprefixed URLs keep working."""

import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from subprocessors import services, tokens
from subprocessors.models import SubprocessorChange
from tests.factories.platform_data import CustomerFactory
from tests.factories.subprocessors import SubprocessorFactory, SubscriptionFactory, applied_change

pytestmark = pytest.mark.django_db

# A heading each page shows in each language: the proof that the page, not only the frame, is translated.
HEADINGS = {
    "subprocessors:subprocessor-list": {
        "en": "Current sub-processors",
        "nl": "Huidige subverwerkers",
        "fr": "Sous-traitants ultérieurs actuels",
    },
    "subprocessors:subscription-create": {
        "en": "Get an email when our sub-processors change",
        "nl": "Ontvang een e-mail wanneer onze subverwerkers wijzigen",
        "fr": "Recevoir un e-mail lorsque nos sous-traitants ultérieurs changent",
    },
    "subprocessors:dpa-request-create": {
        "en": "Request a countersigned Data Processing Agreement",
        "nl": "Een medeondertekende verwerkersovereenkomst aanvragen",
        "fr": "Demander un contrat de sous-traitance (DPA) contresigné",
    },
    "home": {"en": "privacy and GDPR", "nl": "privacy en AVG", "fr": "vie privée et RGPD"},
}


@pytest.fixture
def register():
    """An active sub-processor outside the EEA and an announced one: every part of the list page shows."""
    desk = SubprocessorFactory(active=True, public_name="Desk", locations=["IE"], remote_access_locations=["US"],
                               us_under_sccs=True)  # fmt: skip
    applied_change(desk)
    upcoming = SubprocessorFactory(public_name="Voice AI", locations=["NL"])
    services.subprocessor_announce(subprocessor=upcoming, effective_from=timezone.localdate() + dt.timedelta(days=45))
    return upcoming.changes.get()


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _token_pages(change: SubprocessorChange) -> list[tuple[str, dict, str]]:
    """Return (URL name, kwargs, heading in English) of the pages reached from e-mailed links."""
    subscription = SubscriptionFactory()
    customer = CustomerFactory()
    return [
        ("subprocessors:subscription-confirm", {"token": tokens.confirmation_token(subscription.key)},
         "Confirm your subscription"),
        ("subprocessors:subscription-unsubscribe", {"token": tokens.unsubscribe_token(subscription.key)},
         "Unsubscribe"),
        ("subprocessors:objection-create",
         {"token": tokens.objection_token(change_id=change.pk, key=subscription.key)},
         "Object to a sub-processor change"),
        ("subprocessors:customer-objection-create",
         {"token": tokens.customer_objection_token(change_id=change.pk, customer_id=customer.pk)},
         "Object to a sub-processor change"),
        ("subprocessors:dpa-request-confirm", {"token": tokens.dpa_request_token(uuid.uuid4())},
         "Confirm your request for a signed DPA"),
        ("subprocessors:subscription-unsubscribe", {"token": "not-a-token"}, "Unsubscribe"),
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
@pytest.mark.parametrize("name", list(HEADINGS))
def test_public_page_renders_in_the_language_of_its_prefix(client, register, name, language):
    response = client.get(_url(name, language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert HEADINGS[name][language] in html
    for other, heading in HEADINGS[name].items():
        if other != language and heading not in HEADINGS[name][language]:
            assert heading not in html


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_pages_reached_from_emailed_links_render_translated(client, register, language):
    for name, kwargs, english_heading in _token_pages(register):
        response = client.get(_url(name, language, **kwargs))
        assert response.status_code in (200, 400), name
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, name
        assert f"<h1>{english_heading}</h1>" not in html, name


def test_list_page_translates_register_labels_and_country_names(client, register):
    html = client.get("/nl/subprocessors/").content.decode()
    assert "Modelcontractbepalingen (art. 46, lid 2, c))" in html  # the safeguard's label
    assert "Verenigde Staten" in html  # django-countries' Dutch name
    assert "Nieuwe subverwerker" in html  # the announced change's kind
    html = client.get("/fr/subprocessors/").content.decode()
    assert "Clauses contractuelles types" in html and "États-Unis" in html


def test_language_switcher_and_hreflang_links_name_this_page_in_every_language(client, settings, register):
    settings.SITE_URL = "https://privacy.callnex.example"
    html = client.get("/fr/subprocessors/subscribe/").content.decode()
    for language in ("en", "nl", "fr"):
        assert (
            f'<link rel="alternate" hreflang="{language}" '
            f'href="https://privacy.callnex.example/{language}/subprocessors/subscribe/">'
        ) in html
        assert re.search(rf'<a href="/{language}/subprocessors/subscribe/" lang="{language}"', html)
    assert '<link rel="alternate" hreflang="x-default" href="https://privacy.callnex.example/en/' in html
    assert re.search(r'<a [^>]*lang="fr"[^>]*aria-current="true">Français</a>', html)


@pytest.mark.parametrize(
    ("accept_language", "expected"), [("", "/en/subprocessors/"), ("nl-BE,nl;q=0.9", "/nl/subprocessors/"),
                                      ("fr-BE", "/fr/subprocessors/"), ("de-DE", "/en/subprocessors/")]
)  # fmt: skip
def test_old_unprefixed_url_redirects_to_the_visitors_language(client, accept_language, expected):
    response = client.get("/subprocessors/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302 and response["Location"] == expected


def test_old_unprefixed_form_post_is_served_in_place_in_english(client, mailoutbox):
    response = client.post("/subprocessors/subscribe/", {"email": "dpo@customer.example"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200 and b"Check your inbox" in response.content
    assert len(mailoutbox) == 1


def test_feed_title_and_entries_are_in_the_language_of_its_prefix(client, register):
    feed = client.get("/nl/subprocessors/feed/").content.decode()
    assert 'xml:lang="nl"' in feed
    assert "Wijzigingen van subverwerkers bij" in feed
    assert "Nieuwe subverwerker: Voice AI (van kracht vanaf" in feed
    assert "/nl/subprocessors/#change-" in feed
    feed = client.get("/fr/subprocessors/feed/").content.decode()
    assert 'xml:lang="fr"' in feed and "Nouveau sous-traitant ultérieur : Voice AI" in feed


def test_public_api_labels_follow_accept_language(client, register):
    rows = client.get("/api/subprocessors/", HTTP_ACCEPT_LANGUAGE="fr").json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    desk = next(row for row in rows if row["public_name"] == "Desk")
    assert desk["transfer_safeguard_display"].startswith("Clauses contractuelles types")
    rows = client.get("/api/subprocessors/").json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    desk = next(row for row in rows if row["public_name"] == "Desk")
    assert desk["transfer_safeguard_display"].startswith("Standard Contractual Clauses")


def test_staff_pages_stay_in_english_whatever_the_browser_asks(client):
    page = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="en"' in page and "Connexion" not in page


def test_csv_download_stays_english_under_a_language_prefix(client, register):
    content = client.get("/nl/subprocessors/list.csv").content.decode()
    assert "United States of America" in content and "Verenigde Staten" not in content

"""Letters and e-mails to a data subject or a subscriber are written in the language the person used."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from callnex_compliance.platform_data.models import OrganisationProfile
from rights_requests.access_cover import access_cover_render
from rights_requests.letters import letter_html
from rights_requests.models import RightsRequest
from subprocessors import emails, services
from subprocessors.models import Subscription
from tests.factories.rights_requests import request_via_intake
from tests.factories.subprocessors import SubprocessorFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def test_dutch_request_gets_its_acknowledgement_in_dutch(settings):
    request = request_via_intake(language="nl", rights=["access", "erasure"])
    (letter,) = mail.outbox
    assert request.language == "nl"
    assert letter.subject.endswith(f"{request.reference}: wij hebben uw verzoek ontvangen")
    assert letter.body.startswith("Geachte Sofie Peeters,")
    assert "Inzage (art. 15), Wissing (art. 17)" in letter.body
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december"]  # fmt: skip
    assert f"uiterlijk op {request.due_on.day} {months[request.due_on.month - 1]} {request.due_on.year}" in letter.body
    assert "Met vriendelijke groet," in letter.body and "Kind regards" not in letter.body


def test_french_request_gets_its_acknowledgement_in_french():
    request = request_via_intake(language="fr")
    (letter,) = mail.outbox
    assert letter.subject.endswith(f"{request.reference} : nous avons reçu votre demande")
    assert "Nous vous répondrons au plus tard le" in letter.body and "We will answer" not in letter.body


def test_request_in_another_language_is_answered_in_english():
    request = request_via_intake(language="de")
    assert request.language == "en"
    assert "We will answer by" in mail.outbox[0].body


def test_kept_letter_prints_with_the_language_of_its_text():
    request = request_via_intake(language="fr")
    html = letter_html(request.letters.get())
    assert '<html lang="fr">' in html and "nous avons reçu votre demande" in html


def test_letter_language_does_not_leak_into_the_rest_of_the_request():
    with translation.override("en"):
        request_via_intake(language="nl")
        assert translation.get_language() == "en"
        assert str(RightsRequest.RefusalReason.OTHER.label) == "Other"


def test_subscription_records_the_language_of_the_page_and_its_mails_use_it(client, settings):
    settings.SITE_URL = "http://testserver"
    with translation.override("fr"):
        url = reverse("subprocessors:subscription-create")
    response = client.post(url, {"email": "dpo@client.example"})
    assert response.status_code == 200 and "Consultez votre boîte de réception".encode() in response.content
    assert Subscription.objects.get().language == "fr"
    (message,) = mail.outbox
    assert message.subject.startswith("Confirmez votre abonnement")
    assert "Pour confirmer, ouvrez ce lien" in message.body
    confirm = re.search(r"http://testserver(/fr/subprocessors/subscribe/confirm/\S+/)", message.body).group(1)
    assert "Abonnement confirmé".encode() in client.post(confirm).content
    assert "/fr/subprocessors/unsubscribe/" in message.extra_headers["List-Unsubscribe"]


def test_dutch_subscriber_gets_the_change_notice_in_dutch():
    subscriber = SubscriptionFactory(language="nl")
    english = SubscriptionFactory(language="en")
    sub = SubprocessorFactory(public_name="Voice AI", locations=["NL"])
    change = services.subprocessor_announce(
        subprocessor=sub, effective_from=timezone.localdate() + dt.timedelta(days=45)
    )
    organisation = OrganisationProfile.get_solo()
    dutch = emails.notice_message(change=change, subscription=subscriber, organisation=organisation)
    assert "Nieuwe subverwerker – Voice AI" in dutch.subject
    assert dutch.body.count("Nieuwe subverwerker: Voice AI") == 1
    assert "U kunt tot de ingangsdatum bezwaar maken" in dutch.body and "/nl/subprocessors/" in dutch.body
    proof = emails.notice_message(change=change, subscription=english, organisation=organisation)
    assert proof.subject == change.notice_subject and change.notice_text in proof.body


def test_access_cover_document_is_written_in_the_requests_language():
    request = request_via_intake(language="fr")
    counts = {"account_users": 1, "billing_contacts": 0, "invoices": 2, "support_tickets": 0}
    cover = access_cover_render(rights_request=request, counts=counts)
    assert cover.startswith("À propos de vos données à caractère personnel chez")
    assert "Vos droits" in cover and "Your rights" not in cover
    assert "factures envoyées à votre adresse : 2" in cover

"""The public GDPR page: every section from the registers, its published versions and their JSON."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gdpr_page import services
from gdpr_page.models import PageVersion
from legal_basis.models import OwnPurpose, PersonalDataCategory
from retention.models import RetentionPolicy

pytestmark = pytest.mark.django_db


def _page(client, url="/en/gdpr/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_every_section_is_filled_from_the_registers(registers, dpc_user, client):
    version = services.page_publish(user=dpc_user)
    html = _page(client)
    for text in [
        "Invoicing our customers [en]", "We invoice customers under their contract [en]",
        "Performance of a contract (Art. 6(1)(b))",  # the legal basis of the controller activity
        "Call transcription [en]", "the customer's legal basis applies",  # the processor activity
        "/dpa/request/",  # the link to request a countersigned DPA
        "support@callnex.nl", "GDPR Rights Request", "a request in any form counts",
        "within one month", "two further months", "within 30 days",
        "we forward it to that customer",
        "we do not use customer call recordings or transcripts to train",
        "Speechy", "Transcribes call recordings [en]",
        "Transcripts</th>", "30 days after the call ended",  # a row of the retention schedule
        "Derived from the recording for the same purposes",  # its justification
        "Databases and backups are encrypted at rest [en]",
        "All personal data is stored and accessed only in the European Economic Area",
        "No large-scale monitoring as a core activity [en]", "Data Protection",
        "Belgian Data Protection Authority", "lodge a complaint",
        "screened for its privacy impact before it is built",
        f"Last updated {timezone.localdate(version.published_at):%-d %b %Y} (version 1)",
    ]:  # fmt: skip
        assert text in html, text


def test_page_says_it_is_not_published_yet_before_the_first_version(registers, client):
    html = _page(client)
    assert "has not been published yet" in html
    assert "support@callnex.nl" in html


def test_location_statement_names_a_sub_processor_outside_the_eea(registers, dpc_user, client):
    from tests.factories.subprocessors import SubprocessorFactory

    us = SubprocessorFactory(active=True, us_under_sccs=True, public_name="Faraway")
    us.purpose_nl, us.purpose_fr = "Ver weg", "Lointain"
    us.save()
    services.page_publish(user=dpc_user)
    html = _page(client)
    assert "All personal data is stored and accessed only" not in html
    assert "except where a sub-processor below lists a location outside it" in html
    assert "United States of America" in html


def test_changing_a_retention_period_marks_the_page_out_of_date_on_the_dashboard(registers, dpc_user, dpc_client):
    services.page_publish(user=dpc_user)
    assert "Up to date: version 1" in dpc_client.get("/admin/").content.decode()
    RetentionPolicy.objects.filter(category="transcripts").update(period_value=20)
    assert services.page_state().out_of_date
    assert "Out of date: the registers changed since version 1" in dpc_client.get("/admin/").content.decode()


def test_republishing_shows_the_new_period_and_the_diff_names_it(registers, dpc_user, client):
    services.page_publish(user=dpc_user)
    policy = RetentionPolicy.objects.get(category="transcripts")
    policy.period_value = 20
    policy.save()
    version = services.page_publish(user=dpc_user, note="Transcripts kept 20 days")
    assert version.number == 2 and not services.page_state().out_of_date
    assert "20 days after the call ended" in _page(client)
    assert "-Transcripts | Processor | 30 days after the call ended" in version.diff
    assert "+Transcripts | Processor | 20 days after the call ended" in version.diff
    assert "20 days after the call ended" in _page(client, "/en/gdpr/versions/2/")
    archived = _page(client, "/en/gdpr/versions/1/")
    assert "30 days after the call ended" in archived and "an earlier version of this page" in archived


def test_version_urls_are_stable_and_the_json_is_the_published_version(registers, dpc_user, client):
    first = services.page_publish(user=dpc_user)
    RetentionPolicy.objects.filter(category="transcripts").update(period_value=20)
    services.page_publish(user=dpc_user)
    listing = _page(client, "/en/gdpr/versions/")
    assert 'href="/en/gdpr/versions/1/"' in listing and 'href="/en/gdpr/versions/2/"' in listing
    data = client.get("/en/gdpr/versions/1.json").json()
    assert data["version"] == 1 and data["fingerprint"] == first.fingerprint
    assert data["url"] == "http://testserver/en/gdpr/versions/1/"
    assert data["last_updated"] == timezone.localdate(first.published_at).isoformat()
    transcripts = next(row for row in data["content"]["retention"] if row["category"] == "transcripts")
    assert transcripts["period_value"] == 30  # version 1 as published, not the live register
    assert transcripts["justification"]["nl"].endswith("[nl]")
    assert data["content"]["activities"][0]["title"]["fr"] == "Invoicing our customers [fr]"
    assert client.get("/en/gdpr/versions/3.json").status_code == 404
    assert client.get("/en/gdpr/versions/3/").status_code == 404


def test_publishing_is_refused_to_anyone_but_the_data_protection_contact(registers, handler_user, auditor_user):
    for user in (handler_user, auditor_user):
        with pytest.raises(PermissionDenied):
            services.page_publish(user=user)
    assert not PageVersion.objects.exists()


def test_publish_page_is_refused_to_the_handler_and_the_auditor(registers, handler_client, auditor_client):
    for client in (handler_client, auditor_client):
        assert client.post("/admin/gdpr_page/pageversion/publish/").status_code == 403
    assert not PageVersion.objects.exists()


def test_publishing_is_refused_while_a_translation_is_missing(registers, dpc_user, dpc_client):
    measure = registers["measure"]
    measure.public_summary_fr = ""
    measure.save()
    with pytest.raises(ValidationError) as refused:
        services.page_publish(user=dpc_user)
    assert "Security measure 'Encryption at rest', public summary: no fr translation" in refused.value.messages
    response = dpc_client.post("/admin/gdpr_page/pageversion/publish/", {"note": "x"}, follow=True)
    assert "cannot be published while translations are missing" in response.content.decode()
    assert not PageVersion.objects.exists()


def test_the_dpc_publishes_after_a_confirmation_page_showing_the_changes(registers, dpc_client):
    confirmation = dpc_client.get("/admin/gdpr_page/pageversion/publish/").content.decode()
    assert "Yes, publish this version" in confirmation and "+Invoicing our customers [en]" in confirmation
    response = dpc_client.post("/admin/gdpr_page/pageversion/publish/", {"note": "First version"})
    version = PageVersion.objects.get()
    assert response.status_code == 302 and version.number == 1 and version.note == "First version"
    assert version.published_by.username == "dpc"


def test_published_versions_cannot_be_changed_or_deleted_even_by_the_dpc(registers, dpc_user, dpc_client):
    version = services.page_publish(user=dpc_user)
    change = f"/admin/gdpr_page/pageversion/{version.pk}/change/"
    assert dpc_client.post(change, {"note": "rewritten"}).status_code == 403
    assert dpc_client.post(f"/admin/gdpr_page/pageversion/{version.pk}/delete/", {"post": "yes"}).status_code == 403
    version.refresh_from_db()
    assert version.note == "" and PageVersion.objects.count() == 1


def test_the_page_renders_register_texts_in_the_active_language(registers, dpc_user, client):
    services.page_publish(user=dpc_user)
    html = _page(client, "/nl/gdpr/")
    assert "Onze twee rollen" in html and "We invoice customers under their contract [nl]" in html
    html = _page(client, "/fr/gdpr/")
    assert "Nos deux rôles" in html and "Transcribes call recordings [fr]" in html
    assert "30 jours après la fin de l&#x27;appel" in html


def test_no_training_promise_is_dropped_while_customer_recordings_train_ai(registers, dpc_user, client):
    activity = registers["activity"]
    activity.own_purpose = OwnPurpose.AI_TRAINING
    activity.save()
    activity.personal_data_categories.add(
        PersonalDataCategory.objects.create(name="Call recordings (audio)", retention_category="call_recordings")
    )
    services.page_publish(user=dpc_user)
    assert "to train our own or third-party AI models" not in _page(client)

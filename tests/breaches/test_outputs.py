"""What leaves the register: the dashboard countdown, the CSV and printable register, the texts, the purge."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.utils import timezone

from breaches import services, texts
from breaches.dashboard import breaches_section
from breaches.exports import write_register_csv
from breaches.models import AffectedPerson, CustomerNotice
from retention.models import DataCategory
from retention.services import purge_run
from tests.factories import CampaignFactory
from tests.factories.breaches import incident as make_incident

pytestmark = pytest.mark.django_db


def _risk(incident):
    return services.incident_assess(
        incident=incident, actor=None, likelihood="likely", severity="medium", outcome="risk", reasons="Test."
    )


def test_dashboard_shows_red_under_24_hours_and_overdue_after_72(django_assert_max_num_queries):
    red = _risk(make_incident(title="Red one", affects_own_data=True, aware_hours_ago=60))
    late = _risk(make_incident(title="Late one", affects_own_data=True, aware_hours_ago=80))
    make_incident(title="Customers only", affects_own_data=False)
    with django_assert_max_num_queries(4):
        section = breaches_section(timezone.now())
    texts_by_ref = {text.split(":")[0]: detail for text, detail, _ in section.rows if "Authority" in detail}
    assert set(texts_by_ref) == {red.reference, late.reference}
    assert "left" in texts_by_ref[red.reference] and "overdue" in texts_by_ref[late.reference]
    assert section.tone == "alert"


def test_dashboard_lists_customer_notices_still_due_with_their_deadline():
    incident = make_incident(data_categories=["call_records"], aware_hours_ago=30)
    services.incident_set_scope(incident=incident, actor=None, campaigns=[CampaignFactory()])
    section = breaches_section(timezone.now())
    [(reference, detail, _)] = section.rows
    assert reference == incident.reference and detail.startswith("Customer notices (within 24 h): 6 h ")
    assert detail.endswith("overdue")
    assert section.figures[2].value == 1 and section.tone == "alert"
    services.incident_notify_customers(incident=incident, actor=None)
    assert breaches_section(timezone.now()).figures[2].value == 0


def test_dashboard_card_is_on_the_admin_index_for_the_dpc(dpc_client):
    _risk(make_incident(title="Mailbox", affects_own_data=True, aware_hours_ago=60))
    page = dpc_client.get("/admin/").content.decode()
    assert "Personal-data breaches" in page and "Mailbox" in page


def test_register_csv_neutralises_formulas():
    make_incident(title='=HYPERLINK("http://evil")', description="+cmd")
    stream = io.StringIO()
    write_register_csv(stream)
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert rows[1][1] == '\'=HYPERLINK("http://evil")' and rows[1][7] == "'+cmd"


def test_printable_register_lists_every_incident(auditor_client):
    incident = make_incident(title="Lost USB stick")
    page = auditor_client.get("/admin/breaches/incident/register/").content.decode()
    assert incident.reference in page and "Lost USB stick" in page


@pytest.mark.parametrize(("language", "heading"), [("nl", "Aard van de inbreuk"), ("fr", "Nature de la violation"),
                                                   ("en", "Nature of the breach")])  # fmt: skip
def test_authority_text_has_the_art_33_3_items_in_each_language(language, heading):
    incident = make_incident(affects_own_data=True, consequences="Phishing risk.", measures_taken="Passwords reset.")
    text = texts.authority_notification_text(incident, language=language)
    assert heading in text and "Phishing risk." in text and "Passwords reset." in text and "support@callnex.nl" in text


def test_purge_deletes_people_lists_and_redacts_notices_of_long_closed_incidents():
    incident = make_incident(data_categories=["call_records"])
    services.incident_set_scope(incident=incident, actor=None, campaigns=[CampaignFactory()])
    services.incident_notify_customers(incident=incident, actor=None)
    AffectedPerson.objects.create(incident=incident, name="An", email="an@example.be")
    services.incident_contain(incident=incident, actor=None)
    services.incident_close(incident=incident, actor=None)
    type(incident).objects.filter(pk=incident.pk).update(closed_at=timezone.now() - dt.timedelta(days=6 * 366))
    run = purge_run()
    results = {r.category: r for r in run.results.all()}
    assert results[DataCategory.BREACH_PEOPLE_LISTS].deleted == 1
    assert results[DataCategory.BREACH_NOTICES].anonymised == 1
    notice = CustomerNotice.objects.get()
    assert notice.recipient == "" and notice.message_id and notice.redacted_at
    assert not AffectedPerson.objects.exists()
    assert len(mail.outbox) == 1


def test_register_shows_the_lessons_weak_measures_and_corrective_actions(dpc_user):
    from legal_basis.models import SecurityMeasure

    incident = make_incident(title="Backup bucket public")
    incident.weak_measures.add(SecurityMeasure.objects.create(name="Access control on storage buckets"))
    incident.corrective_actions.create(
        description="Enforce private buckets", owner=dpc_user, due_on=dt.date(2027, 1, 15)
    )
    stream = io.StringIO()
    write_register_csv(stream)
    row = dict(zip(*list(csv.reader(io.StringIO(stream.getvalue()))), strict=True))
    assert row["weak security measures"] == "Access control on storage buckets"
    assert row["corrective actions"] == "Enforce private buckets (owner dpc, due 2027-01-15)"

"""Dates, history and labels in the admin read as a person writes them."""

import datetime as dt
import re

from django.utils import timezone

from callnex_compliance.display import human_date, human_time
from rights_requests import services
from rights_requests.models import RightsRequest
from tests.factories.rights_requests import RightsRequestFactory


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_utc_time_is_shown_in_brussels_with_its_zone_in_winter_and_summer():
    assert human_time(dt.datetime(2026, 11, 28, 13, 5, tzinfo=dt.UTC)) == "28 Nov 2026, 14:05 CET"
    assert human_time(dt.datetime(2026, 7, 1, 22, 30, tzinfo=dt.UTC)) == "2 Jul 2026, 00:30 CEST"
    assert human_date(dt.date(2027, 9, 2)) == "2 Sep 2027"


def test_a_naive_time_counts_as_utc_not_as_local_time():
    # The "export time one hour off": a naive UTC time printed as if it were Brussels time.
    assert human_time(dt.datetime(2026, 11, 28, 13, 5)) == "28 Nov 2026, 14:05 CET"


def test_admin_and_templates_show_dates_as_day_month_year(dpc_client):
    request = RightsRequestFactory(received_at=dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC))
    text = _text(dpc_client.get(f"/admin/rights_requests/rightsrequest/{request.pk}/change/"))
    assert "2 Nov 2026, 10:00 CET" in text
    assert "2026-11-" not in text and "02/11/2026" not in text


def test_after_an_extension_the_change_page_shows_the_extended_legal_deadline(dpc_user, dpc_client):
    request = RightsRequestFactory(received_at=timezone.now() - dt.timedelta(days=5))
    original = request.legal_deadline
    request = services.rights_request_extend(rights_request=request, actor=dpc_user, months=2, reason="Complex.")
    text = _text(dpc_client.get(f"/admin/rights_requests/rightsrequest/{request.pk}/change/"))
    assert request.current_legal_deadline > original
    assert f"Legal deadline: {human_date(request.current_legal_deadline)} (extended by 2 month(s)" in text
    assert "SLA deadline" in text and "Sla deadline" not in text


def test_history_page_shows_human_values_and_headers_and_no_revert(dpc_user, dpc_client):
    request = RightsRequestFactory()
    request.status = RightsRequest.Status.IN_PROGRESS
    request.received_at -= dt.timedelta(days=1)
    request._history_user = dpc_user
    request.save()
    response = dpc_client.get(f"/admin/rights_requests/rightsrequest/{request.pk}/history/")
    html, text = response.content.decode(), _text(response)
    assert "In progress" in text and "in_progress" not in text
    assert "Due on" in text and "due_on" not in text and "DUE_ON" not in text
    assert "None" not in text and "pk=None" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+", text)
    assert "Revert" not in text and "revert" not in html.lower().replace("revert_disabled", "")


def test_admin_index_has_no_recent_actions_panel_but_links_the_audit_trail(dpc_client):
    text = _text(dpc_client.get("/admin/"))
    assert "Recent actions" not in text and "None available" not in text
    assert "Audit trail" in text


def test_model_names_read_sub_processor_and_a_letter_is_named_by_its_request_reference(dpc_client):
    text = _text(dpc_client.get("/admin/subprocessors/subprocessorchange/"))
    assert "Select sub-processor change to" in text and "subprocessor change" not in text
    request = RightsRequestFactory()
    letter = request.letters.create(kind="acknowledgement", subject="s", body="b")
    assert str(letter) == f"Acknowledgement for {request.reference}"


def test_readable_values_name_choices_countries_counts_and_empties():
    from django_countries.fields import Country

    from callnex_compliance.readable import readable_counts, readable_value

    status = RightsRequest._meta.get_field("status")
    assert readable_value(status, "in_progress") == "In progress"
    assert readable_value(None, [Country("FR"), Country("BE")]) == "France, Belgium"
    assert readable_value(None, None) == "—" and readable_value(None, True) == "Yes"
    assert readable_counts({"contacts": 3, "calls": 2, "transcripts": 0}) == "3 contacts, 2 calls"

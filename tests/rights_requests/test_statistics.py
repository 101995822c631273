"""Rights-request statistics: counts per right and role, deadlines met, days to close, in admin with a chart."""

import datetime as dt

import pytest
from django.urls import reverse

from rights_requests.models import RightsRequest
from rights_requests.statistics import period_statistics, request_statistics
from tests.factories import CustomerFactory
from tests.factories.rights_requests import RightsRequestFactory

Status = RightsRequest.Status


def _request(received: dt.date, closed: dt.date | None, status: str, **fields) -> RightsRequest:
    noon = dt.time(11, tzinfo=dt.UTC)
    return RightsRequestFactory(
        received_at=dt.datetime.combine(received, noon),
        closed_at=dt.datetime.combine(closed, noon) if closed else None,
        status=status,
        **fields,
    )


@pytest.fixture
def march(db):
    _request(dt.date(2026, 3, 2), dt.date(2026, 3, 12), Status.COMPLETED, rights=["access"])
    _request(dt.date(2026, 3, 5), dt.date(2026, 4, 20), Status.COMPLETED, rights=["erasure", "objection"],
             role=RightsRequest.Role.PROCESSOR, customer=CustomerFactory())  # fmt: skip
    _request(dt.date(2026, 3, 10), dt.date(2026, 3, 20), Status.REFUSED, rights=["access"],
             refusal_reason=RightsRequest.RefusalReason.MANIFESTLY_UNFOUNDED)  # fmt: skip
    _request(dt.date(2026, 3, 15), dt.date(2026, 3, 16), Status.WITHDRAWN, rights=["portability"])
    _request(dt.date(2026, 2, 20), dt.date(2026, 3, 25), Status.COMPLETED, rights=["access"], extension_months=2)


def test_counts_received_requests_per_right_and_role_when_received_in_the_period(march):
    figures = request_statistics(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    assert figures.received == 4
    assert figures.by_right == {"Access (Art. 15)": 2, "Erasure (Art. 17)": 1, "Objection (Art. 21)": 1,
                                "Portability (Art. 20)": 1}  # fmt: skip
    assert figures.by_role == {"Controller": 3, "Processor (for a customer)": 1}
    assert figures.by_right_and_role[("Erasure (Art. 17)", "Processor (for a customer)")] == 1


def test_measures_deadlines_and_days_to_close_when_requests_closed_in_the_period(march):
    figures = request_statistics(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    # Closed in March: 10, 10 and 33 days (the one closed on 20 April belongs to April).
    assert (figures.answered, figures.within_legal_deadline, figures.within_sla) == (3, 3, 2)
    assert (figures.median_days, figures.p95_days) == (10, 33)
    assert (figures.extended, figures.withdrawn) == (1, 1)
    assert figures.refusals == {"Manifestly unfounded (Art. 12(5))": 1}


def test_counts_a_late_answer_as_missing_the_legal_deadline_when_closed_after_it(march):
    april = request_statistics(start=dt.date(2026, 4, 1), end=dt.date(2026, 4, 30))
    assert (april.received, april.answered, april.within_legal_deadline, april.p95_days) == (0, 1, 0, 46)


def test_statistics_page_shows_the_months_and_an_svg_chart_when_the_dpc_opens_it(march, dpc_client):
    url = reverse("admin:rights_requests_statistics") + "?from=2026-02-01&to=2026-04-30"
    page = dpc_client.get(url).content.decode()
    assert "<svg" in page and "<script" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "1 Mar 2026 – 31 Mar 2026" in page and "Manifestly unfounded (Art. 12(5)): 1" in page
    for month in ("2026-02", "2026-03", "2026-04"):
        assert f">{month}</text>" in page


def test_statistics_page_says_what_is_wrong_when_the_period_is_invalid(db, dpc_client):
    response = dpc_client.get(reverse("admin:rights_requests_statistics") + "?from=2026-05-01&to=2026-04-01")
    assert response.status_code == 400 and "comes after its end" in response.content.decode()


def test_gives_each_month_the_figures_of_that_month_alone_in_one_query_when_a_period_is_summarised(
    march, django_assert_num_queries
):
    with django_assert_num_queries(1):
        total, months = period_statistics(start=dt.date(2026, 2, 1), end=dt.date(2026, 4, 30))
    assert [m.start for m in months] == [dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1)]
    for month in months:
        alone = request_statistics(start=month.start, end=month.end)
        assert month.as_dict() == alone.as_dict()
    assert total.as_dict() == request_statistics(start=dt.date(2026, 2, 1), end=dt.date(2026, 4, 30)).as_dict()
    assert (total.received, sum(m.received for m in months)) == (5, 5)

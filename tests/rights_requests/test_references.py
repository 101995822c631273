"""References are unique and consecutive, even when requests are registered at the same moment."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from rights_requests.selectors import brussels_today
from tests.factories.rights_requests import request_via_intake


@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_get_distinct_consecutive_references():
    if connection.vendor != "postgresql":
        pytest.skip("needs a server database where intakes really run in parallel (set DATABASE_URL=postgres://...)")

    def intake(number: int) -> str:
        try:
            return request_via_intake(requester_email=f"parallel{number}@example.be").reference
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        references = list(pool.map(intake, range(12)))
    year = brussels_today().year
    assert sorted(references) == [f"RR-{year}-{n:04d}" for n in range(1, 13)]

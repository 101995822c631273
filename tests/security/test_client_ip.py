"""One client address for throttles, lockout and logs: X-Forwarded-For is believed only behind trusted proxies."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.throttling import ScopedRateThrottle

from callnex_compliance.client_ip import client_ip

SUBSCRIBE = "/subprocessors/subscribe/"


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    cache.clear()
    yield
    cache.clear()


def test_rotating_x_forwarded_for_does_not_reset_the_subscribe_throttle(client, db):
    for n in range(10):
        response = client.post(SUBSCRIBE, {"email": f"a{n}@customer.example"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert response.status_code == 200
    response = client.post(SUBSCRIBE, {"email": "more@customer.example"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


def test_rotating_x_forwarded_for_does_not_reset_the_public_api_throttle(client, db, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, "public": "3/min"})
    statuses = [client.get("/api/subprocessors/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_client_ip_is_the_socket_address_when_no_proxy_is_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_ip(request) == "192.0.2.10"


def test_client_ip_is_what_the_trusted_proxy_saw_when_one_proxy_is_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    spoofed = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert client_ip(spoofed) == "203.0.113.5"
    garbage = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(garbage) == "10.0.0.2"


def test_login_lockout_counts_the_same_client_address(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert get_client_ip_address(request) == "192.0.2.10"

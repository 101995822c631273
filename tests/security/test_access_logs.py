"""Searches, addresses and secret link tokens never reach a log handler, the web servers' access logs included."""

import datetime as dt
import logging
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from callnex_compliance.gunicorn_logging import RedactingLogger
from callnex_compliance.logging_filters import RedactPersonalDataFilter, redact

SECRETS = ["sofie", "Peeters", "example.be", "0470", "s3cretToken", "k3y"]
REQUEST_LINES = [
    "GET /admin/rights_requests/rightsrequest/?q=sofie%40example.be HTTP/1.1",
    "GET /admin/rights_requests/rightsrequest/?o=1&q=Sofie+Peeters HTTP/1.1",
    "GET /api/rights-requests/?search=0470+00+00+01 HTTP/1.1",
    "GET /admin/rights_requests/rightsrequest/3/change/?_changelist_filters=q%3Dsofie%2540example.be HTTP/1.1",
    "GET /rights-requests/calendar/s3cretToken_abc-123.ics HTTP/1.1",
    "GET /subprocessors/unsubscribe/k3y:1abc:sig/ HTTP/1.1",
]


@pytest.mark.parametrize("line", REQUEST_LINES)
def test_redact_removes_search_terms_and_secret_tokens_from_request_lines(line):
    cleaned = redact(line)
    assert not any(secret.lower() in cleaned.lower() for secret in SECRETS), cleaned
    assert cleaned.startswith("GET /")


def _handlers():
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if not isinstance(handler, logging.NullHandler) and not type(handler).__module__.startswith("_pytest"):
                yield logger.name, handler


def test_every_configured_log_handler_redacts():
    handlers = list(_handlers())
    assert any(name == "django.server" for name, _ in handlers)
    for name, handler in handlers:
        assert any(isinstance(f, RedactPersonalDataFilter) for f in handler.filters), f"{name}: {handler!r}"


@pytest.mark.parametrize("logger_name", ["django.server", "django.request"])
def test_django_request_and_runserver_logs_redact_a_search(logger_name):
    record = logging.LogRecord(logger_name, logging.INFO, __file__, 1, '"%s" %s %s', (REQUEST_LINES[0], 200, 12), None)
    logger = logging.getLogger(logger_name)
    handlers = logger.handlers or logging.getLogger("django").handlers
    for handler in handlers:
        handler.filter(record)
        assert "sofie" not in record.getMessage()


def test_gunicorn_access_log_redacts_the_request_and_uses_the_socket_address(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    query = "q=sofie%40example.be"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/admin/rights_requests/rightsrequest/?{query}",
        "PATH_INFO": "/admin/rights_requests/rightsrequest/",
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.10",
        "HTTP_X_FORWARDED_FOR": "203.0.113.5",
        "HTTP_REFERER": "https://compliance.example/rights-requests/calendar/s3cretToken.ics",
    }
    req = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    resp = SimpleNamespace(status="200 OK", sent=12, headers=[])
    atoms = RedactingLogger(Config()).atoms(resp, req, environ, dt.timedelta(milliseconds=5))
    text = " ".join(str(atoms[key]) for key in ("r", "q", "f", "{referer}i"))
    assert "sofie" not in text and "s3cretToken" not in text
    assert atoms["h"] == "192.0.2.10"

"""Fixtures of the mailbox tests: a real IMAP server (pymap) per session, a real SMTP server per test."""

import pytest

from .servers import start_imap, start_smtp


@pytest.fixture(scope="session")
def _imap_server():
    server = start_imap()
    yield server
    server.process.terminate()
    server.process.wait(timeout=10)


@pytest.fixture
def imap(_imap_server, settings):
    """The IMAP server, emptied, configured as the support mailbox."""
    _imap_server.clear()
    settings.INTAKE_IMAP_URL = _imap_server.url
    return _imap_server


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1; Django sends through it. Yields the list of received messages."""
    controller, sink = start_smtp()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield sink.messages
    controller.stop()

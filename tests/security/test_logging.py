"""Personal data never reaches the logs."""

import logging

import pytest

from callnex_compliance.logging_filters import RedactPersonalDataFilter, redact


@pytest.mark.parametrize(
    "text",
    [
        "lookup for Jan.Janssens@Example.be failed",
        "calling +32 470 12 34 56 now",
        "calling 0470/12.34.56 now",
        "calling 0032470123456 now",
        "number +32470123456",
    ],
)
def test_redact_removes_emails_and_phone_numbers(text):
    cleaned = redact(text)
    assert "@" not in cleaned
    assert not any(token in cleaned for token in ("470", "12 34", "123456"))


def test_redact_leaves_ordinary_numbers_alone():
    assert redact("purge run 42 deleted 1500 rows in 2026") == "purge run 42 deleted 1500 rows in 2026"
    assert redact("request RR-2026-0001 is due 2026-12-24") == "request RR-2026-0001 is due 2026-12-24"


def test_filter_redacts_arguments_and_tracebacks(caplog):
    logger = logging.getLogger("tests.redaction")
    logger.addFilter(RedactPersonalDataFilter())
    try:
        with caplog.at_level(logging.INFO, logger="tests.redaction"):
            logger.info("subject %s at %s", "sofie@example.be", "+32470000001")
            try:
                raise ValueError("bad address sofie@example.be")
            except ValueError:
                logger.exception("failed")
    finally:
        logger.filters.clear()
    text = caplog.text
    assert "sofie@example.be" not in text and "+32470000001" not in text
    assert "[email redacted]" in text and "[phone redacted]" in text

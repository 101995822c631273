"""Logging filters that keep personal data out of log output."""

import logging
import re

EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# International or Belgian-style numbers: a leading + or 0, then at least 8 digits with common separators.
PHONE_PATTERN = re.compile(r"(?<![\w/])(?:\+|00|0)\d(?:[\s./()\-]?\d){7,14}(?!\w)")
REDACTED_EMAIL = "[email redacted]"
REDACTED_PHONE = "[phone redacted]"


def redact(text: str) -> str:
    """Return `text` with email addresses and phone numbers replaced by placeholders."""
    return PHONE_PATTERN.sub(REDACTED_PHONE, EMAIL_PATTERN.sub(REDACTED_EMAIL, text))


class RedactPersonalDataFilter(logging.Filter):
    """Rewrite each record's message (arguments merged in) with emails and phone numbers redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True

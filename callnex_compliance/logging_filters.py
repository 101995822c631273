"""Logging filters that keep personal data and secrets out of log output (and the web server's access log)."""

import logging
import re

# `%40` is an @ in a URL-encoded query string (an admin search for an address).
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+\-]+(?:@|%40)[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", re.IGNORECASE)
# International or Belgian-style numbers: a leading + or 0, then at least 8 digits with common separators.
PHONE_PATTERN = re.compile(r"(?<![\w/])(?:\+|00|0)\d(?:[\s./()\-]?\d){7,14}(?!\w)")
REDACTED_EMAIL = "[email redacted]"
REDACTED_PHONE = "[phone redacted]"
# Searches (`?q=` in the admin, `search=` in the API) hold whatever identifies the subject: a name, an
# address, a number in any spelling. The value goes, whatever it looks like.
SEARCH_PATTERN = re.compile(r"((?:[?&]|%3F|%26|_changelist_filters=)(?:q|search)(?:=|%3D))[^&\s\"']*", re.IGNORECASE)
REDACTED_SEARCH = r"\1[search redacted]"
# Secret links: the calendar feed and the subscription confirm / unsubscribe / objection tokens.
TOKEN_PATTERN = re.compile(
    r"(/rights-requests/calendar/|/subprocessors/(?:subscribe/confirm|unsubscribe|object)/)[^/\s\"'?]+?(?=\.ics|/|\s|\"|'|\?|$)"
)
REDACTED_TOKEN = r"\1[token redacted]"


def redact(text: str) -> str:
    """Return `text` with emails, phone numbers, search terms and secret link tokens replaced by placeholders."""
    text = TOKEN_PATTERN.sub(REDACTED_TOKEN, SEARCH_PATTERN.sub(REDACTED_SEARCH, text))
    return PHONE_PATTERN.sub(REDACTED_PHONE, EMAIL_PATTERN.sub(REDACTED_EMAIL, text))


class RedactPersonalDataFilter(logging.Filter):
    """Rewrite each record's message (arguments merged in) through `redact`."""

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

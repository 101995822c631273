"""Normalisation of the identifiers a data subject is found by (phone numbers and email addresses).

Stored values and search terms go through the same functions, so "0470 12 34 56" finds "+32470123456".
"""

import phonenumbers

DEFAULT_REGION = "BE"


def normalise_phone(raw: str, *, region: str = DEFAULT_REGION) -> str:
    """Return `raw` as an E.164 number, or raise ValueError when it is not a valid phone number."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError("Enter a valid phone number, e.g. +32 2 123 45 67.") from exc
    if not phonenumbers.is_possible_number(number):
        raise ValueError("Enter a valid phone number, e.g. +32 2 123 45 67.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_phone_or_none(raw: str | None) -> str | None:
    """Return the E.164 form of `raw`, or None when it is empty or not a phone number."""
    if not raw:
        return None
    try:
        return normalise_phone(raw)
    except ValueError:
        return None


def normalise_email(raw: str) -> str:
    """Return `raw` trimmed and lower-cased: mailboxes are matched case-insensitively."""
    return raw.strip().lower()

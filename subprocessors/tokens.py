"""Signed tokens for the links in subscription and notice emails.

Tokens carry the subscription's random key (never its email address or row id), so a link in a log
or a forwarded mail reveals nothing personal. Each purpose has its own salt, so a token made for one
link cannot be replayed on another.
"""

import datetime as dt
from uuid import UUID

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONFIRMATION_MAX_AGE = dt.timedelta(days=3)
_CONFIRM_SALT = "subprocessors.subscription.confirm"
_UNSUBSCRIBE_SALT = "subprocessors.subscription.unsubscribe"
_OBJECTION_SALT = "subprocessors.change.objection"
_CUSTOMER_OBJECTION_SALT = "subprocessors.change.customer-objection"

INVALID_LINK = _("This link is not valid. Copy the whole link from the email, or subscribe again.")


def confirmation_token(key: UUID) -> str:
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign(str(key))


def confirmation_key(token: str) -> UUID:
    """Return the subscription key in a confirmation token, or raise ValidationError when bad or expired."""
    try:
        return UUID(signing.TimestampSigner(salt=_CONFIRM_SALT).unsign(token, max_age=CONFIRMATION_MAX_AGE))
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("This confirmation link has expired. Subscribe again to get a new one."), code="expired"
        ) from exc
    except (signing.BadSignature, ValueError) as exc:
        raise ValidationError(INVALID_LINK, code="invalid") from exc


def unsubscribe_token(key: UUID) -> str:
    # Unsubscribe links never expire: an old notice must still let its reader leave.
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(str(key))


def unsubscribe_key(token: str) -> UUID:
    """Return the subscription key in an unsubscribe token, or raise ValidationError."""
    try:
        return UUID(signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as exc:
        raise ValidationError(INVALID_LINK, code="invalid") from exc


def objection_token(*, change_id: int, key: UUID) -> str:
    return signing.Signer(salt=_OBJECTION_SALT).sign(f"{change_id}:{key}")


def objection_target(token: str) -> tuple[int, UUID]:
    """Return (change id, subscription key) from an objection token, or raise ValidationError."""
    try:
        change_id, key = signing.Signer(salt=_OBJECTION_SALT).unsign(token).split(":", 1)
        return int(change_id), UUID(key)
    except (signing.BadSignature, ValueError) as exc:
        raise ValidationError(INVALID_LINK, code="invalid") from exc


def customer_objection_token(*, change_id: int, customer_id: int) -> str:
    # A customer is a business, not a person: its id in a link reveals no personal data.
    return signing.Signer(salt=_CUSTOMER_OBJECTION_SALT).sign(f"{change_id}:{customer_id}")


def customer_objection_target(token: str) -> tuple[int, int]:
    """Return (change id, customer id) from a customer's objection token, or raise ValidationError."""
    try:
        change_id, customer_id = signing.Signer(salt=_CUSTOMER_OBJECTION_SALT).unsign(token).split(":", 1)
        return int(change_id), int(customer_id)
    except (signing.BadSignature, ValueError) as exc:
        raise ValidationError(INVALID_LINK, code="invalid") from exc


_DPA_REQUEST_SALT = "subprocessors.dpa-request.confirm"


def dpa_request_token(key: UUID) -> str:
    return signing.TimestampSigner(salt=_DPA_REQUEST_SALT).sign(str(key))


def dpa_request_key(token: str) -> UUID:
    """Return the DPA request key in a confirmation token, or raise ValidationError when bad or expired."""
    try:
        return UUID(signing.TimestampSigner(salt=_DPA_REQUEST_SALT).unsign(token, max_age=CONFIRMATION_MAX_AGE))
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("This confirmation link has expired. Please send the form again."), code="expired"
        ) from exc
    except (signing.BadSignature, ValueError) as exc:
        raise ValidationError(INVALID_LINK, code="invalid") from exc

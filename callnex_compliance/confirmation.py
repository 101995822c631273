"""Confirmation tokens for irreversible or outward admin steps (erase, send, announce, approve, retire).

A confirmation page shows exactly what a step will do and carries a signed token naming the step, the
records and the submitted values. The step runs only on a POST that brings that token back unchanged:
a POST without it (or with values other than those shown) only shows the confirmation page again.
The token is deliberately not bound to the user: permissions are checked before it is even read.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core import signing

SALT = "callnex.admin-confirmation"
MAX_AGE_SECONDS = 60 * 60
FIELD = "confirm"


def _digest(scope: str, data: dict | None) -> str:
    payload = json.dumps({"scope": scope, "data": data or {}}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def confirmation_token(*, scope: str, data: dict | None = None) -> str:
    """Return the token a confirmation page carries for `scope` (e.g. 'rights_requests.erase:12') and `data`."""
    return signing.TimestampSigner(salt=SALT).sign(_digest(scope, data))


def is_confirmed(post, *, scope: str, data: dict | None = None) -> bool:
    """Return whether the POST brings back a fresh token for exactly this scope and these values."""
    token = post.get(FIELD, "")
    if not token:
        return False
    try:
        digest = signing.TimestampSigner(salt=SALT).unsign(token, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return False
    return digest == _digest(scope, data)


@dataclass
class Letter:
    """A letter or notice as it will be sent."""

    to_email: str
    subject: str
    body: str


@dataclass
class Plan:
    """A confirmation page's content: what the step deletes and keeps (and why), what it sends, to whom."""

    summary: str
    deleted: list[tuple[str, int]] = field(default_factory=list)
    kept: list[tuple[str, int, str]] = field(default_factory=list)  # (what, how many, why)
    letters: list[Letter] = field(default_factory=list)
    recipients: list[str] | None = None
    notes: list[str] = field(default_factory=list)

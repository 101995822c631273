"""Decide where an imported message goes: a reply on a request, a new draft request, an inquiry, or triage.

Replies win (a reply keeps the original subject line), found by the request's reference in the subject
or by In-Reply-To / References naming a letter we sent or a message already on the request. Then the
subject patterns (editable in admin, any case, also after "Re:"/"Fwd:"). Everything else is triaged by hand.
"""

import re
from dataclasses import dataclass

from callnex_compliance.platform_data.models import OrganisationProfile
from rights_requests.models import RightsRequest, RightsRequestLetter

from .models import InboundMessage, SubjectPattern

REFERENCE = re.compile(r"\bRR-\d{4}-\d{4,}\b", re.IGNORECASE)
PREFIXES = re.compile(r"^\s*((re|fwd?|tr|antw|aw|wg|réf)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


@dataclass(frozen=True)
class Pattern:
    phrase: str
    route: str
    language: str


def active_patterns() -> list[Pattern]:
    """Return the active subject patterns and the organisation's two subject lines, longest first (once per run)."""
    rows = list(SubjectPattern.objects.filter(active=True).values_list("phrase", "route", "language"))
    organisation = OrganisationProfile.get_solo()
    rows += [
        (organisation.rights_request_subject, SubjectPattern.Route.RIGHTS_REQUEST, ""),
        (organisation.data_protection_subject, SubjectPattern.Route.INQUIRY, ""),
    ]
    patterns = {p.strip().casefold(): Pattern(p.strip().casefold(), r, lang) for p, r, lang in rows if p.strip()}
    return sorted(patterns.values(), key=lambda pattern: -len(pattern.phrase))


def normalised_subject(subject: str) -> str:
    """Return the subject without reply/forward prefixes, in one case, with single spaces."""
    return " ".join(PREFIXES.sub("", subject or "").split()).casefold()


def matching_pattern(subject: str, patterns: list[Pattern]) -> Pattern | None:
    text = normalised_subject(subject)
    return next((pattern for pattern in patterns if pattern.phrase in text), None)


def replied_request(subject: str, referenced_ids: list[str]) -> RightsRequest | None:
    """Return the (not anonymised) request this message answers, by reference or by thread headers."""
    found = REFERENCE.search(subject or "")
    if found:
        request = RightsRequest.objects.filter(reference=found.group(0).upper(), anonymised_at__isnull=True).first()
        if request is not None:
            return request
    ids = [value for value in referenced_ids if value][:50]
    if not ids:
        return None
    letter = (
        RightsRequestLetter.objects.filter(message_id__in=ids, rights_request__anonymised_at__isnull=True)
        .select_related("rights_request")
        .first()
    )
    if letter is not None:
        return letter.rights_request
    earlier = (
        InboundMessage.objects.filter(
            message_id__in=ids, rights_request__isnull=False, rights_request__anonymised_at__isnull=True
        )
        .select_related("rights_request")
        .first()
    )
    return earlier.rights_request if earlier is not None else None

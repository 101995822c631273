"""Render the letters to requesters and controllers from templates, send them by email, keep a copy.

Templates live in `templates/rights_requests/emails/<kind>_subject.txt` and `<kind>.txt`; every letter
gets the request, the organisation profile and its own context. A letter to the requester is written in the
request's language (Dutch, French or English); a forwarding to a customer in English. A letter without an
email address is stored for posting and the timeline says so.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.template.loader import render_to_string
from django.utils import timezone, translation

from callnex_compliance.platform_data.models import OrganisationProfile

from .models import RightsRequest, RightsRequestEvent, RightsRequestLetter

logger = logging.getLogger(__name__)
# Our own domain in Message-IDs (not the host name, which would reveal the server).
MESSAGE_ID_DOMAIN = "callnex.nl"


ACTION_KINDS = (
    RightsRequestEvent.Kind.EXPORTED,
    RightsRequestEvent.Kind.ERASED,
    RightsRequestEvent.Kind.RECTIFIED,
    RightsRequestEvent.Kind.RESTRICTED,
    RightsRequestEvent.Kind.RESTRICTION_LIFTED,
    RightsRequestEvent.Kind.SUPPRESSED,
    RightsRequestEvent.Kind.RECIPIENTS_NOTIFIED,
)


def _is_kept(message: str) -> bool:
    return ": kept " in message


def letter_parts(rights_request: RightsRequest) -> dict:
    """Return what a closing letter says per part: what was done by whom, and what was kept and why."""
    events = list(
        rights_request.events.filter(kind__in=ACTION_KINDS).select_related("part_customer").order_by("at", "pk")
    )
    own_done = [e.message for e in events if e.part_customer_id is None and not _is_kept(e.message)]
    own_kept = [e.message for e in events if e.part_customer_id is None and _is_kept(e.message)]
    customer_parts = []
    for forwarding in rights_request.forwardings.select_related("customer").order_by("pk"):
        mine = [e for e in events if e.part_customer_id == forwarding.customer_id]
        customer_parts.append(
            {
                "customer": forwarding.customer,
                "state": forwarding.state,
                "instruction": forwarding.get_instruction_display() if forwarding.instruction else "",
                "done": [e.message for e in mine if not _is_kept(e.message)],
                "kept": [e.message for e in mine if _is_kept(e.message)],
            }
        )
    anything_kept = bool(own_kept) or any(part["kept"] for part in customer_parts)
    return {
        "own_done": own_done,
        "own_kept": own_kept,
        "customer_parts": customer_parts,
        "anything_kept": anything_kept,
    }


def letter_language(rights_request: RightsRequest, kind: str) -> str:
    """Return the language of a letter: the requester's, except a forwarding to a customer (English)."""
    if kind == RightsRequestLetter.Kind.FORWARDING:
        return settings.LANGUAGE_CODE
    return rights_request.language


def letter_render(
    *,
    rights_request: RightsRequest,
    kind: str,
    to_email: str | None = None,
    context: dict | None = None,
    organisation: OrganisationProfile | None = None,
) -> tuple[str, str, str]:
    """Return the recipient, subject and body of a letter, as it would be sent (also for confirmation pages)."""
    organisation = organisation or OrganisationProfile.get_solo()
    to_email = rights_request.requester_email if to_email is None else to_email
    full_context = {"request": rights_request, "organisation": organisation, **(context or {})}
    with translation.override(letter_language(rights_request, kind)):
        subject = " ".join(render_to_string(f"rights_requests/emails/{kind}_subject.txt", full_context).split())
        body = render_to_string(f"rights_requests/emails/{kind}.txt", full_context)
    return to_email, subject, body


def letter_send(
    *, rights_request: RightsRequest, kind: str, actor=None, to_email: str | None = None, context: dict | None = None
) -> RightsRequestLetter:
    """Render, send and record one letter; `to_email` defaults to the requester's address."""
    organisation = OrganisationProfile.get_solo()
    to_email, subject, body = letter_render(
        rights_request=rights_request, kind=kind, to_email=to_email, context=context, organisation=organisation
    )
    letter = RightsRequestLetter(
        rights_request=rights_request, kind=kind, to_email=to_email, subject=subject, body=body
    )
    label = RightsRequestLetter.Kind(kind).label
    if to_email:
        letter.message_id = make_msgid(domain=MESSAGE_ID_DOMAIN)  # a reply quoting it finds the request
        EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to_email],
            reply_to=[organisation.contact_email],
            headers={"Message-ID": letter.message_id},
        ).send()
        letter.sent_at = timezone.now()
        message = f"{label} letter sent by email."
    else:
        message = f"{label} letter stored for posting (no email address on file)."
    letter._history_user = actor
    letter.save()
    RightsRequestEvent.objects.create(
        rights_request=rights_request, kind=RightsRequestEvent.Kind.LETTER, actor=actor, message=message
    )
    logger.debug("Letter %s for %s: %s", kind, rights_request.reference, "emailed" if to_email else "to post")
    return letter


def letter_html(letter: RightsRequestLetter) -> str:
    """Return a kept letter as a printable page: the organisation's letterhead, the subject and the body sent."""
    context = {
        "letter": letter,
        "organisation": OrganisationProfile.get_solo(),
        "language": letter_language(letter.rights_request, letter.kind),
    }
    return render_to_string("rights_requests/letter_print.html", context)


def letter_pdf(letter: RightsRequestLetter) -> bytes:
    """Return a kept letter as a PDF, e.g. to post it or to file it as proof."""
    from callnex_compliance.pdf import html_to_pdf

    return html_to_pdf(letter_html(letter))

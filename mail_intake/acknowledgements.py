"""The automatic acknowledgement of a request that arrived by e-mail: reference, due date, same language.

It threads under the person's message (In-Reply-To / References), carries its own Message-ID (kept on
the letter, so a reply to it finds the request) and says it is automatic (Auto-Submitted, RFC 3834) so
that auto-responders do not answer it. Auto-replies and bounces are never acknowledged. A mail server
that refuses it loses nothing: the letter is kept unsent and the timeline asks for it to be sent by hand.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.template.loader import render_to_string
from django.utils import timezone, translation

from callnex_compliance.platform_data.models import OrganisationProfile
from rights_requests.letters import MESSAGE_ID_DOMAIN
from rights_requests.models import RightsRequest, RightsRequestEvent, RightsRequestLetter

from .models import InboundMessage

logger = logging.getLogger(__name__)


def _threading_headers(message: InboundMessage, references: list[str]) -> dict[str, str]:
    headers = {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}
    if message.message_id:
        headers["In-Reply-To"] = message.message_id
        headers["References"] = " ".join([*references[-10:], message.message_id])
    return headers


def acknowledgement_send(
    *, message: InboundMessage, rights_request: RightsRequest, references: list[str] | None = None
) -> RightsRequestLetter | None:
    """Acknowledge a request that arrived by e-mail in the message's language; return the kept letter.

    Nothing is sent when acknowledgements are switched off, to an auto-reply or bounce, or without an address.
    """
    if not settings.INTAKE_ACKNOWLEDGE or message.is_auto_reply or not message.from_address:
        return None
    language = message.language or "en"
    context = {
        "request": rights_request,
        "organisation": OrganisationProfile.get_solo(),
        "received_on": timezone.localtime(rights_request.received_at).date(),
        "due_on": rights_request.due_on,
    }
    with translation.override(language):
        subject = " ".join(render_to_string("mail_intake/emails/acknowledgement_subject.txt", context).split())
        body = render_to_string("mail_intake/emails/acknowledgement.txt", context)
    letter = RightsRequestLetter(
        rights_request=rights_request,
        kind=RightsRequestLetter.Kind.ACKNOWLEDGEMENT,
        to_email=message.from_address,
        subject=subject,
        body=body,
        message_id=make_msgid(domain=MESSAGE_ID_DOMAIN),
    )
    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.from_address],
        reply_to=[context["organisation"].contact_email],
        headers={"Message-ID": letter.message_id, "Content-Language": language,
                 **_threading_headers(message, references or [])},
    )  # fmt: skip
    try:
        email.send()
    except Exception:  # the import must not fail because the outgoing server did
        logger.exception("Acknowledgement of %s could not be sent", rights_request.reference)
        text = "Acknowledgement letter could not be sent by e-mail: send it by hand."
    else:
        letter.sent_at = timezone.now()
        text = f"Acknowledgement letter sent by e-mail (automatic, language {language})."
    letter.save()
    RightsRequestEvent.objects.create(rights_request=rights_request, kind=RightsRequestEvent.Kind.LETTER, message=text)
    return letter

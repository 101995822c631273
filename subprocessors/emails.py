"""The emails of this app, rendered from templates/subprocessors/emails/ with absolute links.

A subscriber's e-mails are written in the subscription's language (links included: /nl/…, /fr/…, /en/…);
a DPA request's confirmation in the language of the form it was sent from; notices to customers' privacy
contacts and alerts to our own data protection contact in English.
"""

from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from callnex_compliance.platform_data.models import OrganisationProfile

from . import tokens
from .models import DpaRequest, NoticeDelivery, Objection, SubprocessorChange, Subscription

TEMPLATES = "subprocessors/emails"


def absolute_url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(f"subprocessors:{name}", kwargs=kwargs or None)


def _unsubscribe_url(subscription: Subscription) -> str:
    return absolute_url("subscription-unsubscribe", token=tokens.unsubscribe_token(subscription.key))


def _message(*, subject: str, body: str, to: str, organisation: OrganisationProfile, unsubscribe_url: str = ""):
    # Our own Message-ID, so the proof of notice can name the exact email sent.
    headers = {"Message-ID": make_msgid(domain=organisation.contact_email.rsplit("@", 1)[-1])}
    if unsubscribe_url:
        # RFC 8058 one-click unsubscribe, which mail clients offer next to the sender's name.
        headers |= {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[to],
        reply_to=[organisation.contact_email],
        headers=headers,
    )


def confirmation_message(*, subscription: Subscription, organisation: OrganisationProfile) -> EmailMessage:
    """Return the double opt-in email asking the subscriber to confirm their address, in their language."""
    with translation.override(subscription.language):
        return _confirmation_message(subscription=subscription, organisation=organisation)


def _confirmation_message(*, subscription: Subscription, organisation: OrganisationProfile) -> EmailMessage:
    unsubscribe_url = _unsubscribe_url(subscription)
    context = {
        "organisation": organisation,
        "confirm_url": absolute_url("subscription-confirm", token=tokens.confirmation_token(subscription.key)),
        "unsubscribe_url": unsubscribe_url,
        "page_url": absolute_url("subprocessor-list"),
        "max_age_days": tokens.CONFIRMATION_MAX_AGE.days,
    }
    return _message(
        subject=render_to_string(f"{TEMPLATES}/confirm_subject.txt", context),
        body=render_to_string(f"{TEMPLATES}/confirm.txt", context),
        to=subscription.email,
        organisation=organisation,
        unsubscribe_url=unsubscribe_url,
    )


def render_notice(
    *, change: SubprocessorChange, organisation: OrganisationProfile, language: str = settings.LANGUAGE_CODE
) -> tuple[str, str]:
    """Return the subject and the common text of a change notice; the English one is kept as proof of notice."""
    with translation.override(language):
        return _render_notice(change=change, organisation=organisation)


def _render_notice(*, change: SubprocessorChange, organisation: OrganisationProfile) -> tuple[str, str]:
    context = {
        "organisation": organisation,
        "change": change,
        "subprocessor": change.subprocessor,
        "page_url": absolute_url("subprocessor-list"),
    }
    subject = " ".join(render_to_string(f"{TEMPLATES}/notice_subject.txt", context).split())
    return subject, render_to_string(f"{TEMPLATES}/notice_body.txt", context).strip()


def notice_message(
    *, change: SubprocessorChange, subscription: Subscription, organisation: OrganisationProfile
) -> EmailMessage:
    """Return the notice of `change` for one subscriber, in their language, with their own links.

    An English subscriber gets the stored text (the proof of notice); another language gets the same notice
    rendered from the register in that language.
    """
    with translation.override(subscription.language):
        return _notice_message(change=change, subscription=subscription, organisation=organisation)


def _notice_message(
    *, change: SubprocessorChange, subscription: Subscription, organisation: OrganisationProfile
) -> EmailMessage:
    subject, notice_text = change.notice_subject, change.notice_text
    if subscription.language != settings.LANGUAGE_CODE:
        subject, notice_text = _render_notice(change=change, organisation=organisation)
    unsubscribe_url = _unsubscribe_url(subscription)
    objection_url = ""
    if change.accepts_objections:
        token = tokens.objection_token(change_id=change.pk, key=subscription.key)
        objection_url = absolute_url("objection-create", token=token)
    context = {
        "organisation": organisation,
        "change": change,
        "notice_text": notice_text,
        "objection_url": objection_url,
        "unsubscribe_url": unsubscribe_url,
    }
    return _message(
        subject=subject,
        body=render_to_string(f"{TEMPLATES}/notice.txt", context),
        to=subscription.email,
        organisation=organisation,
        unsubscribe_url=unsubscribe_url,
    )


def customer_notice_message(
    *, change: SubprocessorChange, delivery: NoticeDelivery, organisation: OrganisationProfile
) -> EmailMessage:
    """Return the notice of `change` for one customer's privacy contact, with the customer's objection link."""
    with translation.override(settings.LANGUAGE_CODE):
        return _customer_notice_message(change=change, delivery=delivery, organisation=organisation)


def _customer_notice_message(
    *, change: SubprocessorChange, delivery: NoticeDelivery, organisation: OrganisationProfile
) -> EmailMessage:
    objection_url = ""
    if change.accepts_objections:
        token = tokens.customer_objection_token(change_id=change.pk, customer_id=delivery.customer_id)
        objection_url = absolute_url("customer-objection-create", token=token)
    context = {
        "organisation": organisation,
        "change": change,
        "customer": delivery.customer,
        "notice_text": change.notice_text,
        "objection_url": objection_url,
    }
    return _message(
        subject=change.notice_subject,
        body=render_to_string(f"{TEMPLATES}/customer_notice.txt", context),
        to=delivery.recipient,
        organisation=organisation,
    )


def objection_outcome_message(*, objection: Objection, organisation: OrganisationProfile) -> EmailMessage:
    """Return the email telling the objector how its objection was resolved (a subscriber: in their language)."""
    language = objection.subscription.language if objection.subscription_id else settings.LANGUAGE_CODE
    with translation.override(language):
        return _objection_outcome_message(objection=objection, organisation=organisation)


def _objection_outcome_message(*, objection: Objection, organisation: OrganisationProfile) -> EmailMessage:
    context = {"organisation": organisation, "objection": objection, "change": objection.change}
    to = objection.customer.contact_email if objection.customer_id else objection.subscription.email
    return _message(
        subject=render_to_string(f"{TEMPLATES}/objection_outcome_subject.txt", context),
        body=render_to_string(f"{TEMPLATES}/objection_outcome.txt", context),
        to=to,
        organisation=organisation,
    )


def objection_alert_message(*, objection: Objection, organisation: OrganisationProfile) -> EmailMessage:
    """Return the email telling the data protection contact that a customer objected (in English)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _objection_alert_message(objection=objection, organisation=organisation)


def _objection_alert_message(*, objection: Objection, organisation: OrganisationProfile) -> EmailMessage:
    context = {
        "organisation": organisation,
        "objection": objection,
        "change": objection.change,
        "admin_url": settings.SITE_URL
        + reverse("admin:subprocessors_subprocessorchange_change", args=[objection.change_id]),
    }
    return _message(
        subject=render_to_string(f"{TEMPLATES}/objection_alert_subject.txt", context),
        body=render_to_string(f"{TEMPLATES}/objection_alert.txt", context),
        to=organisation.contact_email,
        organisation=organisation,
    )


def dpa_request_confirmation_message(*, dpa_request: DpaRequest, organisation: OrganisationProfile) -> EmailMessage:
    """Return the double opt-in email of a request for a countersigned DPA."""
    context = {
        "organisation": organisation,
        "dpa_request": dpa_request,
        "confirm_url": absolute_url("dpa-request-confirm", token=tokens.dpa_request_token(dpa_request.key)),
        "max_age_days": tokens.CONFIRMATION_MAX_AGE.days,
    }
    return _message(
        subject=gettext("Confirm your request for a signed DPA with %(name)s") % {"name": organisation.legal_name},
        body=render_to_string(f"{TEMPLATES}/dpa_request_confirm.txt", context),
        to=dpa_request.email,
        organisation=organisation,
    )


def dpa_request_alert_message(*, dpa_request: DpaRequest, organisation: OrganisationProfile) -> EmailMessage:
    """Return the email telling the data protection contact that a DPA request joined the queue."""
    admin_url = settings.SITE_URL + reverse("admin:subprocessors_dparequest_change", args=[dpa_request.pk])
    return _message(
        subject=f"DPA request #{dpa_request.pk} confirmed",
        body=f"A customer confirmed a request for a countersigned DPA. Prepare it here: {admin_url}\n",
        to=organisation.contact_email,
        organisation=organisation,
    )

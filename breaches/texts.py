"""Texts generated from the record: the authority's notification (nl/fr/en), customer notices, people's letters.

Templates live in `templates/breaches/`; the authority's text has one template per language, as the
Belgian authority accepts Dutch or French (English kept for our own reading).
"""

from django.template.loader import render_to_string
from django.utils import timezone

from callnex_compliance.platform_data.models import OrganisationProfile

from .models import AuthorityNotification, Incident
from .selectors import customer_notice_deadline

LANGUAGES = tuple(AuthorityNotification.Language.values)


def _context(incident: Incident, **extra) -> dict:
    return {
        "incident": incident,
        "organisation": OrganisationProfile.get_solo(),
        "aware_at": timezone.localtime(incident.aware_at),
        "deadline": timezone.localtime(incident.authority_deadline),
        "occurred_at": timezone.localtime(incident.occurred_at) if incident.occurred_at else None,
        "detected_at": timezone.localtime(incident.detected_at) if incident.detected_at else None,
        "categories": incident.get_data_categories_display(),
        **extra,
    }


def authority_notification_text(
    incident: Incident, *, language: str, phase: str = "initial", late_reason: str = ""
) -> str:
    """Return the Art. 33(3)(a)–(d) notification for the authority, in Dutch, French or English."""
    if language not in LANGUAGES:
        raise ValueError(f"No authority template in {language!r}.")
    context = _context(incident, phase=phase, late_reason=late_reason, follow_up=phase != "initial")
    return render_to_string(f"breaches/authority/notification_{language}.txt", context).strip() + "\n"


def customer_notice(incident: Incident, *, customer, counts, update: str = "") -> tuple[str, str]:
    """Return (subject, body) of the notice to a customer: the facts for its own Art. 33 decision."""
    context = _context(incident, customer=customer, counts=counts, update=update,
                       notice_deadline=timezone.localtime(customer_notice_deadline(incident)))  # fmt: skip
    subject = " ".join(render_to_string("breaches/emails/customer_notice_subject.txt", context).split())
    return subject, render_to_string("breaches/emails/customer_notice.txt", context)


def people_communication(incident: Incident) -> tuple[str, str]:
    """Return (subject, body) of the Art. 34(2) communication to people, in clear language."""
    context = _context(incident)
    subject = " ".join(render_to_string("breaches/emails/people_subject.txt", context).split())
    return subject, render_to_string("breaches/emails/people.txt", context)

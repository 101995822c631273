"""Collect what the public GDPR page says, from the live registers and the organisation profile.

`page_content()` returns plain, JSON-ready data holding every language of every translated register
text (`{"en": ..., "nl": ..., "fr": ...}`), so one read serves the three rendered pages, the JSON
version, the fingerprint that tells whether the published page is out of date, and the check for
missing translations. It runs a fixed number of queries whatever the registers' size.
"""

import hashlib
import json

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse

from callnex_compliance.platform_data.models import OrganisationProfile
from legal_basis.models import ActivityLegalBasis, ProcessingActivity, SecurityMeasure
from retention.models import CAMPAIGN_CATEGORIES, RetentionPolicy
from rights_requests.deadlines import SLA_DAYS
from subprocessors.eea import outside_eea
from subprocessors.models import Subprocessor

LANGUAGES = tuple(code for code, _ in settings.LANGUAGES)
DEFAULT_LANGUAGE = "en"


def translations(obj, field: str) -> dict[str, str]:
    """Return a translated field's text in every language (blank where missing)."""
    return {code: getattr(obj, f"{field}_{code}") or "" for code in LANGUAGES}


def _organisation() -> dict:
    # Read, never create: the dashboard asks on every admin visit and must not write (one query).
    profile = OrganisationProfile.objects.filter(pk=OrganisationProfile.SINGLETON_PK).first() or OrganisationProfile()
    return {
        "legal_name": profile.legal_name,
        "address": profile.address,
        "contact_email": profile.contact_email,
        "data_protection_subject": profile.data_protection_subject,
        "rights_request_subject": profile.rights_request_subject,
        "data_protection_contact": profile.data_protection_contact,
        "dpo_required": profile.dpo_required,
        "art37_assessment": translations(profile, "art37_assessment"),
        "art37_reviewed_on": profile.art37_reviewed_on.isoformat() if profile.art37_reviewed_on else None,
        "supervisory_authority_name": profile.supervisory_authority_name,
        "supervisory_authority_address": profile.supervisory_authority_address,
        "supervisory_authority_url": profile.supervisory_authority_url,
        "subprocessor_notice_days": profile.subprocessor_notice_days,
        "dpa_assistance_days": profile.dpa_assistance_days,
    }


def public_activities():
    """Return the approved activities shown on the public page, with their legal bases (two queries)."""
    return (
        ProcessingActivity.objects.filter(status=ProcessingActivity.Status.APPROVED, shown_publicly=True)
        .prefetch_related(Prefetch("legal_bases", queryset=ActivityLegalBasis.objects.order_by("basis")))
        .order_by("role", "public_title_en", "pk")
    )


def _activities() -> list[dict]:
    return [
        {
            "role": activity.role,
            "title": translations(activity, "public_title"),
            "wording": translations(activity, "public_wording"),
            "bases": [row.basis for row in activity.legal_bases.all()],
        }
        for activity in public_activities()
    ]


def _retention() -> list[dict]:
    return [
        {
            "category": policy.category,
            "role": policy.role,
            "period_value": policy.period_value,
            "period_unit": policy.period_unit,
            "anchor": policy.anchor,
            "action": policy.action,
            "inactivity_months": policy.inactivity_months,
            "customer_may_shorten": policy.category in CAMPAIGN_CATEGORIES,
            "justification": translations(policy, "justification"),
        }
        for policy in RetentionPolicy.objects.order_by("role", "category")
    ]


def _measures() -> list[dict]:
    measures = SecurityMeasure.objects.exclude(public_summary_en__isnull=True).exclude(public_summary_en="")
    return [
        {"name": measure.name, "kind": measure.kind, "summary": translations(measure, "public_summary")}
        for measure in measures.order_by("kind", "name")
    ]


def _subprocessors() -> list[dict]:
    rows = []
    for sp in Subprocessor.objects.filter(status__in=[Subprocessor.Status.ANNOUNCED, Subprocessor.Status.ACTIVE]):
        rows.append(
            {
                "public_name": sp.public_name,
                "legal_name": sp.legal_name,
                "service": sp.service,
                "purpose": translations(sp, "purpose"),
                "locations": [country.code for country in sp.locations],
                "remote_access_locations": [country.code for country in sp.remote_access_locations],
                "outside_eea": outside_eea(sp.all_locations),
                "transfer_safeguard": sp.transfer_safeguard,
                "safeguard_reference": sp.safeguard_reference,
                "status": sp.status,
                "effective_from": sp.effective_from.isoformat() if sp.effective_from else None,
                "dpa_signed": sp.dpa_signed_on is not None,
                "uses_ai": sp.uses_ai,
                "no_training_commitment": bool(sp.no_training_commitment.strip()),
            }
        )
    return sorted(rows, key=lambda row: (row["public_name"].lower(), row["service"]))


def _customer_data_for_own_purposes() -> bool:
    """Return whether any activity in force uses customers' data for a purpose of CallNex's own."""
    from legal_basis.checks import customer_data_own_purpose_activities

    return customer_data_own_purpose_activities().exists()


def page_content() -> dict:
    """Return everything /gdpr/ states, every language of every register text included."""
    subprocessors = _subprocessors()
    current = [sp for sp in subprocessors if sp["status"] == Subprocessor.Status.ACTIVE]
    ai = [sp for sp in current if sp["uses_ai"]]
    return {
        "organisation": _organisation(),
        "activities": _activities(),
        "retention": _retention(),
        "measures": _measures(),
        "subprocessors": subprocessors,
        "all_in_eea": not any(sp["outside_eea"] for sp in current),
        "all_subprocessors_have_dpa": all(sp["dpa_signed"] for sp in current),
        "no_training": {
            # The page states the promise only while the registers make it true.
            "holds": not _customer_data_for_own_purposes() and all(sp["no_training_commitment"] for sp in ai),
            "ai_subprocessors": [sp["public_name"] for sp in ai],
        },
        "sla_days": SLA_DAYS,
        "dpa_request_path": reverse("subprocessors:dpa-request-create"),
        "subprocessors_path": reverse("subprocessors:subprocessor-list"),
    }


def fingerprint(content: dict) -> str:
    """Return a stable digest of the content: equal digests mean the page would say the same thing."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def missing_translations(content: dict) -> list[str]:
    """Return a line per register text that has English but lacks another language, naming where."""
    missing = []

    def check(where: str, texts: dict) -> None:
        if texts.get(DEFAULT_LANGUAGE):
            absent = [code for code in LANGUAGES if not texts.get(code)]
            if absent:
                missing.append(f"{where}: no {', '.join(absent)} translation")

    check("Organisation profile, Art. 37 assessment", content["organisation"]["art37_assessment"])
    for activity in content["activities"]:
        check(f"Activity '{activity['title']['en']}', public title", activity["title"])
        check(f"Activity '{activity['title']['en']}', public wording", activity["wording"])
    for policy in content["retention"]:
        check(f"Retention policy '{policy['category']}', justification", policy["justification"])
    for measure in content["measures"]:
        check(f"Security measure '{measure['name']}', public summary", measure["summary"])
    for sp in content["subprocessors"]:
        check(f"Sub-processor '{sp['public_name']}', purpose", sp["purpose"])
    return missing

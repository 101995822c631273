"""Demo data: the public texts of the registers in three languages, then version 1 of the GDPR page."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from callnex_compliance.platform_data.models import OrganisationProfile
from legal_basis.models import ProcessingActivity, SecurityMeasure
from retention.models import RetentionPolicy
from subprocessors.models import Subprocessor

from . import demo_texts, services
from .models import PageVersion

PUBLISHER = "dpc"  # the demo data protection contact (legal_basis.demo creates it)


def _fill(obj, field: str, texts: tuple[str, ...], languages=("en", "nl", "fr")) -> bool:
    """Set missing translations only, so an edit made in the demo survives a second load."""
    changed = False
    for language, text in zip(languages, texts, strict=True):
        if not getattr(obj, f"{field}_{language}"):
            setattr(obj, f"{field}_{language}", text)
            changed = True
    return changed


def _save_if(obj, changed: bool) -> int:
    if changed:
        obj.save()
    return int(changed)


def load(*, size: str = "small") -> dict[str, int]:
    """Fill the public texts that are missing and publish version 1 if nothing is published yet."""
    counts = {"public texts": 0, "GDPR page versions": 0}
    for activity in ProcessingActivity.objects.filter(name__in=demo_texts.ACTIVITIES):
        title, wording = demo_texts.ACTIVITIES[activity.name]
        changed = _fill(activity, "public_title", title) | _fill(activity, "public_wording", wording)
        if not activity.shown_publicly:
            activity.shown_publicly = changed = True
        counts["public texts"] += _save_if(activity, changed)
    for policy in RetentionPolicy.objects.filter(category__in=demo_texts.RETENTION):
        changed = _fill(policy, "justification", demo_texts.RETENTION[policy.category], ("nl", "fr"))
        counts["public texts"] += _save_if(policy, changed)
    for measure in SecurityMeasure.objects.filter(name__in=demo_texts.MEASURES):
        counts["public texts"] += _save_if(measure, _fill(measure, "public_summary", demo_texts.MEASURES[measure.name]))
    for subprocessor in Subprocessor.objects.filter(public_name__in=demo_texts.PURPOSES):
        changed = _fill(subprocessor, "purpose", demo_texts.PURPOSES[subprocessor.public_name], ("nl", "fr"))
        counts["public texts"] += _save_if(subprocessor, changed)
    profile = OrganisationProfile.get_solo()
    changed = _fill(profile, "art37_assessment", (demo_texts.ART37_NL, demo_texts.ART37_FR), ("nl", "fr"))
    if profile.art37_reviewed_on is None:
        profile.art37_reviewed_on = changed = timezone.localdate() - dt.timedelta(days=60)
    counts["public texts"] += _save_if(profile, bool(changed))
    publisher = get_user_model().objects.filter(username=PUBLISHER).first()
    if publisher is not None and not PageVersion.objects.exists():
        services.page_version_freeze(user=publisher, note="First version generated from the registers.")
        counts["GDPR page versions"] += 1
    return counts

"""Demo register: CallNex's processing activities as a call platform, controller and processor.

Activities go through the real workflow (screening, DPIA sign-off, submit, approve with a past clock),
so the approval gate vets the demo data itself and the history looks like real use. Sub-processors
and customers are looked up by name from their own demo data; a missing one is simply not linked.
Idempotent: an activity whose name exists is skipped, vocabulary terms are matched by name.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from callnex_compliance.platform_data.models import Customer
from subprocessors.models import Subprocessor

from . import services
from .demo_data import ACTIVITIES, DATA_CATEGORIES, RECIPIENTS, SUBJECTS
from .models import (
    EDPB_CRITERIA,
    ActivityLegalBasis,
    DataSubjectCategory,
    Dpia,
    DpiaScreening,
    PersonalDataCategory,
    ProcessingActivity,
    RecipientCategory,
    SecurityMeasure,
)

OWNER_USERNAME = "dpc"  # the demo data protection contact; `create_demo_logins` gives it a password


def _owner():
    user, created = get_user_model().objects.get_or_create(
        username=OWNER_USERNAME, defaults={"email": f"{OWNER_USERNAME}@callnex.example", "is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _vocabularies() -> int:
    created = 0
    for name, description in SUBJECTS:
        created += DataSubjectCategory.objects.get_or_create(name=name, defaults={"description": description})[1]
    for name, description in RECIPIENTS:
        created += RecipientCategory.objects.get_or_create(name=name, defaults={"description": description})[1]
    for name, retention_category, special in DATA_CATEGORIES:
        created += PersonalDataCategory.objects.get_or_create(
            name=name, defaults={"retention_category": retention_category, "is_special_category": special}
        )[1]
    return created


def _link(activity: ProcessingActivity, spec: dict) -> None:
    activity.data_subject_categories.set(DataSubjectCategory.objects.filter(name__in=spec["subjects"]))
    activity.personal_data_categories.set(PersonalDataCategory.objects.filter(name__in=spec["data"]))
    activity.recipient_categories.set(RecipientCategory.objects.filter(name__in=spec.get("recipients", [])))
    activity.subprocessors.set(Subprocessor.objects.filter(public_name__in=spec.get("subprocessors", [])))
    activity.customers.set(Customer.objects.filter(name__in=spec.get("customers", [])))
    measures = SecurityMeasure.objects.all()
    if "measures" in spec:
        measures = measures.filter(name__in=spec["measures"])
    activity.security_measures.set(measures)
    for basis, justification in spec.get("bases", []):
        ActivityLegalBasis.objects.create(activity=activity, basis=basis, justification=justification)


def _review(activity: ProcessingActivity, spec: dict, owner, approved_at: dt.datetime) -> None:
    met = set(spec.get("criteria", ()))
    screening = DpiaScreening(activity=activity, notes=spec.get("screening_notes", ""))
    for name, _ in EDPB_CRITERIA:
        setattr(screening, name, name in met)
    services.screening_record(screening=screening, by=owner)
    if "dpia" in spec:
        dpia = Dpia.objects.create(activity=activity, **spec["dpia"])
        services.dpia_sign_off(dpia=dpia, by=owner)
        Dpia.objects.filter(pk=dpia.pk).update(signed_off_at=approved_at - dt.timedelta(days=3))


def _create(spec: dict, owner, now: dt.datetime) -> ProcessingActivity:
    fields = {key: spec[key] for key in ("name", "purpose", "description", "role") if key in spec}
    for key in ("all_customers", "special_categories", "art9_condition", "legitimate_interests_assessment",
                "consent_mechanism"):  # fmt: skip
        if key in spec:
            fields[key] = spec[key]
    activity = ProcessingActivity.objects.create(owner=owner, **fields)
    _link(activity, spec)
    status = spec.get("status", ProcessingActivity.Status.APPROVED)
    if spec.get("customers") and not activity.customers.exists():
        status = ProcessingActivity.Status.DRAFT  # its customer's demo data is not loaded: nobody to act for
    approved_at = now - dt.timedelta(days=spec.get("approved_days_ago", 120))
    if status == ProcessingActivity.Status.DRAFT:
        if spec.get("criteria") is not None:
            _review(activity, spec, owner, approved_at)
        return activity
    _review(activity, spec, owner, approved_at)
    activity = services.activity_submit_for_review(activity=activity, by=owner)
    if status == ProcessingActivity.Status.APPROVED:
        activity = services.activity_approve(activity=activity, by=owner, now=approved_at)
    return activity


@transaction.atomic
def load(*, size: str = "small") -> dict[str, int]:
    """Create the demo vocabularies and activities that do not exist yet; return what was created."""
    owner = _owner()
    terms = _vocabularies()
    now = timezone.now()
    existing = set(ProcessingActivity.objects.values_list("name", flat=True))
    created = [_create(spec, owner, now) for spec in ACTIVITIES if spec["name"] not in existing]
    return {"register terms": terms, "processing activities": len(created)}

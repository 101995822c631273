"""Factories for the processing register, shared by the tests and `legal_basis.demo`."""

import datetime as dt

import factory
from django.utils import timezone

from legal_basis.models import (
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

from .users import StaffUserFactory


class DataSubjectCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSubjectCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Data subjects {n}")


class PersonalDataCategoryFactory(factory.django.DjangoModelFactory):
    """A category of personal data kept like customer account data (a seeded retention policy exists)."""

    class Meta:
        model = PersonalDataCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Personal data {n}")
    retention_category = "customer_accounts"


class RecipientCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecipientCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Recipients {n}")


class SecurityMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecurityMeasure
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Measure {n}")


class ProcessingActivityFactory(factory.django.DjangoModelFactory):
    """A draft controller activity; pass `complete=True` for one with a full Art. 30 record."""

    class Meta:
        model = ProcessingActivity
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Activity {n}")
    purpose = "Manage customer accounts."
    role = ProcessingActivity.Role.CONTROLLER
    owner = factory.SubFactory(StaffUserFactory)

    @factory.post_generation
    def complete(self, create, extracted, **kwargs):
        """Give the activity a full Art. 30 record: subjects, data, measures and, as controller, a basis."""
        if not (create and extracted):
            return
        self.data_subject_categories.add(DataSubjectCategoryFactory())
        self.personal_data_categories.add(PersonalDataCategoryFactory())
        self.security_measures.add(SecurityMeasureFactory())
        if self.role == ProcessingActivity.Role.CONTROLLER:
            LegalBasisFactory(activity=self)


class LegalBasisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityLegalBasis
        django_get_or_create = ("activity", "basis")

    activity = factory.SubFactory(ProcessingActivityFactory)
    basis = "contract"


class DpiaScreeningFactory(factory.django.DjangoModelFactory):
    """A completed screening with no criterion met; pass criterion=True to meet one."""

    class Meta:
        model = DpiaScreening
        django_get_or_create = ("activity",)

    activity = factory.SubFactory(ProcessingActivityFactory)
    screened_by = factory.SelfAttribute("activity.owner")
    screened_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        for name, _ in EDPB_CRITERIA:
            kwargs.setdefault(name, False)
        return kwargs


class DpiaFactory(factory.django.DjangoModelFactory):
    """A complete, signed-off DPIA with a low residual risk."""

    class Meta:
        model = Dpia
        django_get_or_create = ("activity",)

    activity = factory.SubFactory(ProcessingActivityFactory)
    reference = factory.Sequence(lambda n: f"DPIA-2026-{n:02d}")
    conclusion = "Risks are mitigated by encryption, short retention and access control."
    residual_risk = Dpia.ResidualRisk.LOW
    signed_off_by = factory.SelfAttribute("activity.owner")
    signed_off_at = factory.LazyFunction(timezone.now)


def activity_ready_for_approval(**fields) -> ProcessingActivity:
    """Return an activity in review with a complete record and a screening that needs no DPIA."""
    activity = ProcessingActivityFactory(complete=True, status=ProcessingActivity.Status.IN_REVIEW, **fields)
    DpiaScreeningFactory(activity=activity)
    return activity


def approved_activity(**fields) -> ProcessingActivity:
    """Return an approved activity with a complete record that passes every check."""
    activity = ProcessingActivityFactory(complete=True, **fields)
    activity.status = ProcessingActivity.Status.APPROVED
    activity.approved_by = activity.owner
    activity.approved_at = timezone.now()
    activity.next_review_on = timezone.localdate() + dt.timedelta(days=300)
    activity.save()
    return activity

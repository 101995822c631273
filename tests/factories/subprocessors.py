"""Factories for the sub-processor register, shared by the tests and `subprocessors.demo`."""

import datetime as dt

import factory
from django.utils import timezone

from subprocessors.models import Subprocessor, SubprocessorChange, Subscription, TiaOutcome


class SubprocessorFactory(factory.django.DjangoModelFactory):
    """A proposed sub-processor in Germany (inside the EEA, so no safeguard is needed)."""

    class Meta:
        model = Subprocessor
        django_get_or_create = ("legal_name", "service")

    public_name = factory.Sequence(lambda n: f"Processor {n}")
    legal_name = factory.LazyAttribute(lambda o: f"{o.public_name} GmbH")
    service = "Cloud hosting"
    purpose = "Hosts the CallNex platform and its databases."
    data_categories = "Contacts, call records, recordings, transcripts"
    locations = ["DE"]

    class Params:
        active = factory.Trait(
            status=Subprocessor.Status.ACTIVE,
            activated_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=200)),
            announced_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=240)),
            effective_from=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=200)),
            dpa_signed_on=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=250)),
        )
        us_under_sccs = factory.Trait(
            locations=["US"],
            transfer_safeguard=Subprocessor.TransferSafeguard.SCC,
            safeguard_reference="EU SCCs 2021/914, module 3 (processor to processor)",
            scc_modules="3",
            tia_completed_on=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=260)),
            tia_outcome=TiaOutcome.SUPPLEMENTARY,
            tia_document=factory.django.FileField(filename="tia.pdf", data=b"%PDF-1.4 TIA"),
        )


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A subscriber; confirmed unless `confirmed_at=None` is passed."""

    class Meta:
        model = Subscription
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"privacy{n}@customer.example")
    organisation = factory.Sequence(lambda n: f"Customer {n} BV")
    confirmed_at = factory.LazyFunction(timezone.now)


def applied_change(subprocessor: Subprocessor, **fields) -> SubprocessorChange:
    """Return an addition already in effect, as the change log of an older sub-processor shows it."""
    values = {
        "kind": SubprocessorChange.Kind.ADDITION,
        "summary": f"We started to use {subprocessor.legal_name}.",
        "new_locations": subprocessor.locations,
        "announced_at": subprocessor.announced_at or timezone.now() - dt.timedelta(days=240),
        "effective_from": subprocessor.effective_from or timezone.localdate() - dt.timedelta(days=200),
        "applied_at": subprocessor.activated_at or timezone.now() - dt.timedelta(days=200),
        **fields,
    }
    change, _ = SubprocessorChange.objects.get_or_create(
        subprocessor=subprocessor, kind=values["kind"], defaults=values
    )
    return change


def customer_dpa(customer, **fields):
    """Return the DPA binding `customer` since its contract started, accepted with the terms."""
    from subprocessors.dpa_services import dpa_conclude

    return dpa_conclude(customer=customer, template_version=fields.pop("template_version", "2026.1"), **fields)

"""`load_demo` builds realistic data and is idempotent."""

from django.apps import apps
from django.core.management import call_command

from callnex_compliance.platform_data.models import CallRecord, Contact


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_load_demo_twice_changes_no_counts(db):
    call_command("load_demo", stdout=None)
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    assert first["platform_data.CallRecord"] > 50


def test_demo_data_holds_a_subject_known_at_two_customers(db):
    call_command("load_demo")
    contacts = Contact.objects.filter(email="Sofie.Peeters@example.be")
    assert contacts.values("campaign__customer").distinct().count() == 2
    assert CallRecord.objects.filter(remote_number="0470 00 00 01").exists()

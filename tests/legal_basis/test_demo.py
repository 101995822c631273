"""The demo register is realistic, idempotent, and passes every cross-register check."""

import io

from django.core.management import call_command

from callnex_compliance.platform_data import demo as platform_demo
from legal_basis import demo
from legal_basis.models import ProcessingActivity
from subprocessors import demo as subprocessors_demo


def test_demo_register_passes_compliance_check_after_load_demo(db):
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("compliance_check", stdout=out)  # raises CommandError (exit 1) on any finding
    assert "passes every check" in out.getvalue()
    approved = ProcessingActivity.objects.filter(status=ProcessingActivity.Status.APPROVED)
    assert approved.filter(role="controller").count() >= 6
    assert approved.filter(role="processor").count() >= 5
    assert ProcessingActivity.objects.count() >= 12
    assert approved.filter(subprocessors__public_name="Zendesk").exists()  # a derived third-country transfer


def test_demo_load_creates_nothing_when_run_twice(db):
    platform_demo.load()
    subprocessors_demo.load()
    demo.load()
    counts = ProcessingActivity.objects.count(), ProcessingActivity.history.count()
    assert demo.load() == {"register terms": 0, "processing activities": 0}
    assert (ProcessingActivity.objects.count(), ProcessingActivity.history.count()) == counts

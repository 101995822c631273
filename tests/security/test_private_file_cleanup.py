"""A row that owns a private file never leaves the file behind; orphans are swept by the hourly job."""

import datetime as dt
import logging
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from callnex_compliance import schedules
from callnex_compliance.platform_data.models import CallRecord, CallRecording
from callnex_compliance.private_storage import ORPHAN_MIN_AGE, private_file_fields, private_files_remove_orphans
from rights_requests.models import DataExport, RightsRequest
from subprocessors.models import Subprocessor
from tests.factories.platform_data import CallRecordingFactory
from tests.factories.rights_requests import RightsRequestFactory
from tests.factories.subprocessors import SubprocessorFactory


def _export(request=None) -> DataExport:
    now = timezone.now()
    export = DataExport(
        rights_request=request or RightsRequestFactory(),
        token=f"tok{time.monotonic_ns()}",
        created_at=now,
        expires_at=now + dt.timedelta(days=7),
    )
    export.file.save("RR-2026-0001.zip", ContentFile(b"PK subject data"), save=True)
    return export


def _age(name: str, *, by: dt.timedelta) -> None:
    path = default_storage.path(name)
    then = time.time() - by.total_seconds()
    os.utime(path, (then, then))


def test_every_model_with_a_file_field_is_covered_and_no_history_table():
    covered = {model._meta.label: fields for model, fields in private_file_fields().items()}
    assert covered["rights_requests.DataExport"] == ["file"]
    assert covered["platform_data.CallRecording"] == ["audio"]
    assert sorted(covered["subprocessors.Subprocessor"]) == ["dpa_document", "tia_document"]
    assert covered["subprocessors.CustomerDPA"] == ["signed_document"]
    assert not any(label.split(".")[1].startswith("Historical") for label in covered)


def test_admin_delete_of_an_export_removes_its_zip_after_commit(dpc_client, django_capture_on_commit_callbacks):
    export = _export()
    name = export.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = dpc_client.post(f"/admin/rights_requests/dataexport/{export.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not DataExport.objects.filter(pk=export.pk).exists()
    assert not default_storage.exists(name)


@pytest.mark.django_db
def test_queryset_and_cascade_deletes_remove_the_files(django_capture_on_commit_callbacks):
    request = RightsRequestFactory()
    exports = [_export(request), _export(request)]
    recording = CallRecordingFactory()
    names = [e.file.name for e in exports] + [recording.audio.name]
    with django_capture_on_commit_callbacks(execute=True):
        RightsRequest.objects.filter(pk=request.pk).delete()  # cascades to its exports
        CallRecord.objects.filter(pk=recording.call_id).delete()  # cascades to the recording
    assert not DataExport.objects.exists() and not CallRecording.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


@pytest.mark.django_db
def test_deleting_a_proposed_subprocessor_removes_its_dpa_document(django_capture_on_commit_callbacks):
    subprocessor = SubprocessorFactory(dpa_document=ContentFile(b"%PDF", name="dpa.pdf"))
    name = subprocessor.dpa_document.name
    with django_capture_on_commit_callbacks(execute=True):
        Subprocessor.objects.filter(pk=subprocessor.pk).delete()
    assert not default_storage.exists(name)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_delete_keeps_the_file():
    export = _export()
    pk, name = export.pk, export.file.name
    with pytest.raises(RuntimeError), transaction.atomic():
        export.delete()
        raise RuntimeError("abort")
    assert DataExport.objects.filter(pk=pk).exists()
    assert default_storage.exists(name)


@pytest.mark.django_db
def test_hourly_job_removes_old_orphans_only_and_logs_counts_not_names(caplog):
    kept = _export()
    orphan = default_storage.save("rights_requests/exports/gone/RR-2026-0009.zip", ContentFile(b"PK orphan"))
    fresh = default_storage.save("rights_requests/exports/building/RR-2026-0010.zip", ContentFile(b"PK new"))
    _age(orphan, by=ORPHAN_MIN_AGE + dt.timedelta(minutes=5))
    _age(kept.file.name, by=ORPHAN_MIN_AGE + dt.timedelta(minutes=5))
    with caplog.at_level(logging.INFO, logger="callnex_compliance.private_storage"):
        counts = private_files_remove_orphans()
    assert counts == {"checked": 3, "orphans": 1, "removed": 1}
    assert not default_storage.exists(orphan)
    assert default_storage.exists(kept.file.name) and default_storage.exists(fresh)
    assert "1 removed" in caplog.text and "RR-2026" not in caplog.text


def test_the_orphan_sweep_is_in_the_hourly_schedule():
    [spec] = [s for s in schedules.SCHEDULES if s.func.endswith("remove_orphaned_files")]
    assert spec.cron.split()[1:] == ["*", "*", "*", "*"]

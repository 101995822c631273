"""DPA documents: uploaded in admin, downloaded only through the permission-checked view."""

import pytest
from django.core.files.base import ContentFile

from tests.factories.subprocessors import SubprocessorFactory

PDF = b"%PDF-1.4 signed DPA"


@pytest.fixture
def subprocessor(db):
    return SubprocessorFactory(dpa_document=ContentFile(PDF, name="hetzner-dpa.pdf"))


def _download_url(client, subprocessor) -> str:
    page = client.get(f"/admin/subprocessors/subprocessor/{subprocessor.pk}/change/").content.decode()
    assert "/private-media/" not in page  # the storage path is not a link
    url = f"/staff/subprocessors/{subprocessor.pk}/dpa-document/"
    assert f'href="{url}"' in page
    return url


@pytest.mark.parametrize("role_client", ["dpc_client", "auditor_client"])
def test_staff_who_may_view_the_register_download_the_dpa_from_the_admin_link(request, subprocessor, role_client):
    client = request.getfixturevalue(role_client)
    response = client.get(_download_url(client, subprocessor))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"


def test_anonymous_visitors_cannot_download_a_dpa(client, subprocessor):
    response = client.get(f"/staff/subprocessors/{subprocessor.pk}/dpa-document/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_view_permission_cannot_download_a_dpa(client, django_user_model, subprocessor):
    client.force_login(django_user_model.objects.create_user("norole", password="x", is_staff=True))
    assert client.get(f"/staff/subprocessors/{subprocessor.pk}/dpa-document/").status_code == 403


def test_download_answers_404_when_the_subprocessor_has_no_dpa(dpc_client, db):
    bare = SubprocessorFactory()
    assert dpc_client.get(f"/staff/subprocessors/{bare.pk}/dpa-document/").status_code == 404

"""Recordings are private: served only through a permission-checked view, never from a media URL."""

from django.conf import settings

from tests.factories import CallRecordingFactory, tiny_wav


def test_staff_with_view_permission_downloads_a_recording(auditor_client):
    recording = CallRecordingFactory()
    response = auditor_client.get(f"/staff/recordings/{recording.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == tiny_wav()
    assert response["Cache-Control"] == "private, no-store"


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    recording = CallRecordingFactory()
    response = client.get(f"/staff/recordings/{recording.pk}/download/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_the_permission_are_refused(client, django_user_model, db):
    recording = CallRecordingFactory()
    client.force_login(django_user_model.objects.create_user("norole", password="x", is_staff=True))
    assert client.get(f"/staff/recordings/{recording.pk}/download/").status_code == 403


def test_media_files_have_no_public_url(client, db):
    recording = CallRecordingFactory()
    assert client.get(f"{settings.MEDIA_URL}{recording.audio.name}").status_code == 404

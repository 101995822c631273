"""Staff file downloads of the Sub-processors app: outside the language prefixes, like the admin."""

from django.urls import path

from . import staff_views, views

app_name = "subprocessors_staff"
urlpatterns = [
    path("staff/subprocessors/<int:pk>/dpa-document/", views.dpa_document_download, name="dpa-document-download"),
    path("staff/dpas/requests/<int:pk>/document/", staff_views.dpa_request_document, name="dpa-request-document"),
    path("staff/dpas/<int:pk>/signed/", staff_views.dpa_signed_document, name="dpa-signed-document"),
]

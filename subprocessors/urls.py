"""Public pages of the Sub-processors app."""

from django.urls import path

from . import staff_views, views
from .feeds import ChangeFeed

app_name = "subprocessors"
urlpatterns = [
    path("subprocessors/", views.subprocessor_list, name="subprocessor-list"),
    path("subprocessors/feed/", ChangeFeed(), name="change-feed"),
    path("subprocessors/list.csv", views.subprocessor_csv, name="subprocessor-csv"),
    path("subprocessors/subscribe/", views.subscription_create, name="subscription-create"),
    path("subprocessors/subscribe/confirm/<str:token>/", views.subscription_confirm, name="subscription-confirm"),
    path("subprocessors/unsubscribe/<str:token>/", views.subscription_unsubscribe, name="subscription-unsubscribe"),
    path("subprocessors/object/<str:token>/", views.objection_create, name="objection-create"),
    path("staff/subprocessors/<int:pk>/dpa-document/", views.dpa_document_download, name="dpa-document-download"),
    path("dpa/request/", views.dpa_request_create, name="dpa-request-create"),
    path("dpa/request/confirm/<str:token>/", views.dpa_request_confirm, name="dpa-request-confirm"),
    path("staff/dpas/requests/<int:pk>/document/", staff_views.dpa_request_document, name="dpa-request-document"),
    path("staff/dpas/<int:pk>/signed/", staff_views.dpa_signed_document, name="dpa-signed-document"),
    path(
        "subprocessors/object/customer/<str:token>/",
        views.customer_objection_create,
        name="customer-objection-create",
    ),
]

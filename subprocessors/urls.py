"""Public pages of the Sub-processors app (mounted once per language; staff downloads are in staff_urls.py)."""

from django.urls import path

from . import views
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
    path("dpa/request/", views.dpa_request_create, name="dpa-request-create"),
    path("dpa/request/confirm/<str:token>/", views.dpa_request_confirm, name="dpa-request-confirm"),
    path(
        "subprocessors/object/customer/<str:token>/",
        views.customer_objection_create,
        name="customer-objection-create",
    ),
]

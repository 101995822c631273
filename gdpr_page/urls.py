"""Public URLs of the GDPR page; stable, as customers' archives and vendor-risk tools link to them."""

from django.urls import path

from . import views

app_name = "gdpr_page"
urlpatterns = [
    path("gdpr/", views.page, name="page"),
    path("gdpr/versions/", views.version_list, name="version-list"),
    path("gdpr/versions/<int:number>/", views.version_detail, name="version-detail"),
    path("gdpr/versions/<int:number>.json", views.version_json, name="version-json"),
]

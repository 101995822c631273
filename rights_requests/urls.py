"""Staff download and calendar-feed URLs of the rights-requests app."""

from django.urls import path

from . import views

app_name = "rights_requests"
urlpatterns = [
    path("rights-requests/exports/<int:pk>/download/", views.export_download, name="export-download"),
    path("rights-requests/calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]

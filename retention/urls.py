"""Public and staff pages of the Retention app."""

app_name = "retention"
urlpatterns: list = []

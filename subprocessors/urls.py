"""Public and staff pages of the Sub-processors app."""

app_name = "subprocessors"
urlpatterns: list = []

"""Public and staff pages of the Processing register app."""

app_name = "legal_basis"
urlpatterns: list = []

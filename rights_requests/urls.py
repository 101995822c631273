"""Public and staff pages of the Rights requests app."""

app_name = "rights_requests"
urlpatterns: list = []

"""REST API of the Retention app (mounted under /api/)."""

urlpatterns: list = []

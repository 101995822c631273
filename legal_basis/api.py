"""REST API of the Processing register app (mounted under /api/)."""

urlpatterns: list = []

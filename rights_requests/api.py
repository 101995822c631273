"""REST API of the Rights requests app (mounted under /api/)."""

urlpatterns: list = []

"""REST API of the Sub-processors app (mounted under /api/)."""

urlpatterns: list = []

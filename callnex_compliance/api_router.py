"""The project's DRF router: a detail route only matches an id of the lookup field's shape.

DRF's default `[^/.]+` lets any text reach the database (text where a number belongs, a NUL byte that
PostgreSQL refuses with an error); here a numeric key only matches digits and a text key only a slug,
so a crafted id answers 404 before any query runs.
"""

from django.db import models
from rest_framework.routers import SimpleRouter

NUMERIC_LOOKUP = "[0-9]+"
SLUG_LOOKUP = "[-a-zA-Z0-9_]+"


class Router(SimpleRouter):
    """SimpleRouter whose lookup pattern follows the model field (a viewset may still set its own)."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if getattr(viewset, "lookup_value_regex", None):
            return super().get_lookup_regex(viewset, lookup_prefix)
        lookup_field = getattr(viewset, "lookup_field", "pk")
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        return self._base_pattern.format(
            lookup_prefix=lookup_prefix, lookup_url_kwarg=lookup_url_kwarg, lookup_value=_lookup_pattern(viewset)
        )


def _lookup_pattern(viewset) -> str:
    queryset = getattr(viewset, "queryset", None)
    model = queryset.model if queryset is not None else viewset.serializer_class.Meta.model
    field = model._meta.pk if viewset.lookup_field == "pk" else model._meta.get_field(viewset.lookup_field)
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    return NUMERIC_LOOKUP if isinstance(field, models.IntegerField | models.AutoField) else SLUG_LOOKUP

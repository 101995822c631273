"""Reads of the retention schedule, holds and purge runs."""

from .models import DataCategory, RetentionPolicy


def policy_for(category: str) -> RetentionPolicy | None:
    """Return the retention policy of a data category, or None when none is configured."""
    return RetentionPolicy.objects.filter(category=DataCategory(category)).first()

"""Reads for the public outputs: the page, the feed and the API see only public fields."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import F, Func, QuerySet, Subquery
from django.utils import timezone

from callnex_compliance.platform_data.models import OrganisationProfile

from .models import PUBLIC_FIELDS, Subprocessor, SubprocessorChange

PUBLIC_CHANGE_FIELDS = ("kind", "summary", "previous_locations", "new_locations", "announced_at", "effective_from")
CHANGE_LOG_LIMIT = 200


def public_changes() -> QuerySet[SubprocessorChange]:
    """Return announced and applied changes (never withdrawn ones), newest first, with public fields only."""
    return (
        SubprocessorChange.objects.filter(withdrawn_at=None)
        .select_related("subprocessor")
        .only(
            "pk",
            "applied_at",
            "updated_at",
            *PUBLIC_CHANGE_FIELDS,
            *(f"subprocessor__{field}" for field in PUBLIC_FIELDS),
        )
        .order_by("-effective_from", "-announced_at", "-pk")
    )


@dataclass
class PublicList:
    organisation: OrganisationProfile
    current: list[Subprocessor]
    upcoming: list[SubprocessorChange]
    change_log: list[SubprocessorChange]
    today: dt.date


def public_list(*, today: dt.date | None = None) -> PublicList:
    """Return everything the public page shows, in three queries whatever the number of rows."""
    today = today or timezone.localdate()
    changes = list(public_changes()[:CHANGE_LOG_LIMIT])
    upcoming = sorted((c for c in changes if c.applied_at is None), key=lambda c: (c.effective_from, c.pk))
    for change in upcoming:
        change.days_remaining = max((change.effective_from - today).days, 0)
    return PublicList(
        organisation=OrganisationProfile.get_solo(),
        current=list(Subprocessor.objects.for_public_display().filter(status=Subprocessor.Status.ACTIVE)),
        upcoming=upcoming,
        change_log=[c for c in changes if c.applied_at is not None],
        today=today,
    )


class _Count(Subquery):
    """COUNT(*) of a queryset as a scalar subquery (no GROUP BY is added)."""

    def __init__(self, queryset, **kwargs):
        queryset = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        super().__init__(queryset, **kwargs)


def _latest(queryset) -> Subquery:
    return Subquery(queryset.order_by("-updated_at").values("updated_at")[:1])


@dataclass(frozen=True)
class PublicVersion:
    last_modified: dt.datetime
    etag: str


def public_version(*, now: dt.datetime | None = None) -> PublicVersion:
    """Return the public list's Last-Modified and ETag from one cheap query.

    The page counts days remaining, so it also changes at local midnight: the version never
    predates today's start.
    """
    now = now or timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    row = (
        OrganisationProfile.objects.filter(pk=OrganisationProfile.SINGLETON_PK)
        .annotate(
            subprocessors_at=_latest(Subprocessor.objects.all()),
            changes_at=_latest(SubprocessorChange.objects.all()),
            subprocessors=_Count(Subprocessor.objects.all()),
            changes=_Count(SubprocessorChange.objects.all()),
        )
        .values("updated_at", "subprocessors_at", "changes_at", "subprocessors", "changes")
        .first()
    ) or {}
    stamps = [row.get(key) for key in ("updated_at", "subprocessors_at", "changes_at")]
    last_modified = max([midnight, *(stamp for stamp in stamps if stamp)])
    fingerprint = f"{sorted(row.items())}|{midnight.date()}"
    return PublicVersion(last_modified=last_modified, etag=hashlib.sha256(fingerprint.encode()).hexdigest()[:32])

"""Reads for the public outputs: the page, the feed and the API see only public fields."""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext
from django_countries import countries

from callnex_compliance.platform_data.models import Campaign, Customer, OrganisationProfile

from .models import PUBLIC_FIELDS, CustomerDPA, CustomerExclusion, Subprocessor, SubprocessorChange

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


@dataclass(frozen=True)
class ThirdCountryTransfer:
    """One current sub-processor reaching data from outside the EEA, for the page's location statement."""

    subprocessor: str
    where: str
    safeguard: str


@dataclass
class PublicList:
    organisation: OrganisationProfile
    current: list[Subprocessor]
    upcoming: list[SubprocessorChange]
    change_log: list[SubprocessorChange]
    today: dt.date

    @property
    def third_country_transfers(self) -> list[ThirdCountryTransfer]:
        """Return the current sub-processors with a storage or remote-access location outside the EEA."""
        return [
            ThirdCountryTransfer(
                subprocessor=sp.public_name,
                where=", ".join(countries.name(code) for code in sp.third_country_locations),
                safeguard=sp.get_transfer_safeguard_display() or gettext("no safeguard recorded"),
            )
            for sp in self.current
            if sp.third_country_locations
        ]

    @property
    def last_updated(self) -> dt.date | None:
        """Return the date of the last public change: an announcement or a change taking effect."""
        stamps = [c.applied_at or c.announced_at for c in self.change_log + self.upcoming]
        return timezone.localdate(max(stamps)) if stamps else None


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


def _version_sql() -> str:
    # Hand-written because this query runs on every request, including each 304: compiling the
    # equivalent ORM expression costs more than running it (see bench/bench_public_page.py).
    profile, subprocessor, change = (
        model._meta.db_table for model in (OrganisationProfile, Subprocessor, SubprocessorChange)
    )
    return (
        f"SELECT p.updated_at, s.latest, s.total, c.latest, c.total "
        f"FROM (SELECT MAX(updated_at) AS latest, COUNT(*) AS total FROM {subprocessor}) s "
        f"CROSS JOIN (SELECT MAX(updated_at) AS latest, COUNT(*) AS total FROM {change}) c "
        f"LEFT JOIN {profile} p ON p.id = %s"
    )


def _as_datetime(value) -> dt.datetime | None:
    """Return a database timestamp as an aware datetime (SQLite returns aggregates as naive UTC text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


@dataclass(frozen=True)
class PublicVersion:
    last_modified: dt.datetime
    etag: str
    # New each time the stamp is computed (after a change, expiry or a cleared cache): what a process
    # kept from an earlier stamp may be reused only while the token is the same.
    token: str = ""

    @cached_property
    def etag_header(self) -> str:
        return quote_etag(self.etag)

    @cached_property
    def last_modified_timestamp(self) -> int:
        return int(self.last_modified.timestamp())

    @cached_property
    def last_modified_header(self) -> str:
        return http_date(self.last_modified_timestamp)


# The register's stamp is cached briefly so a cache hit on the page costs no query at all.
# Saves and deletes of the three models forget it at once (signals.py); the TTL bounds staleness
# for writes no signal sees (queryset.update() elsewhere, or another process's local-memory cache).
STAMP_CACHE_KEY = "subprocessors:public-stamp:v2"  # (changed_at, digest, token)
STAMP_CACHE_SECONDS = 30


def _register_stamp() -> tuple[dt.datetime | None, str, str]:
    """Return the latest change time, a digest of the public register (one query) and a fresh token."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), [OrganisationProfile.SINGLETON_PK])
        row = cursor.fetchone()
    stamps = [stamp for stamp in (_as_datetime(row[index]) for index in (0, 1, 3)) if stamp]
    # Row counts catch deletions, which leave no newer timestamp behind.
    digest = hashlib.sha256(repr(row).encode()).hexdigest()[:24]
    return (max(stamps) if stamps else None), digest, secrets.token_hex(8)


def public_stamp_forget() -> None:
    """Drop the cached register stamp, now and again once the current transaction commits."""
    cache.delete(STAMP_CACHE_KEY)
    # Also after commit: a reader between now and the commit may have cached the old stamp.
    transaction.on_commit(lambda: cache.delete(STAMP_CACHE_KEY))


def public_version(*, now: dt.datetime | None = None) -> PublicVersion:
    """Return the public list's Last-Modified and ETag, usually without touching the database.

    The page counts days remaining, so it also changes at local midnight: the version never
    predates today's start. The version of the current stamp and day is kept in process: working out
    the local day again on every hit costs more than the rest of a cached page.
    """
    now = now or timezone.now()
    stamp = cache.get(STAMP_CACHE_KEY)
    if stamp is None:
        stamp = _register_stamp()
        cache.set(STAMP_CACHE_KEY, stamp, STAMP_CACHE_SECONDS)
    changed_at, digest, token = stamp
    kept = _kept_version
    if kept is not None and kept[0] == token and kept[1] <= now < kept[2]:
        return kept[3]
    today = timezone.localdate(now)
    midnight = dt.datetime.combine(today, dt.time(), tzinfo=timezone.get_current_timezone())
    next_midnight = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=midnight.tzinfo)
    last_modified = max(midnight, changed_at) if changed_at else midnight
    version = PublicVersion(last_modified=last_modified, etag=f"{digest}-{midnight:%Y%m%d}", token=token)
    _keep_version((token, midnight, next_midnight, version))
    return version


_kept_version: tuple[str, dt.datetime, dt.datetime, PublicVersion] | None = None  # (token, day start, day end, version)


def _keep_version(kept: tuple[str, dt.datetime, dt.datetime, PublicVersion]) -> None:
    global _kept_version
    _kept_version = kept


def subprocessor_may_process(*, subprocessor: Subprocessor, customer_id: int) -> bool:
    """Return whether the sub-processor may process this customer's data: active, and not kept away from it."""
    if subprocessor.status != Subprocessor.Status.ACTIVE:
        return False
    return not CustomerExclusion.objects.filter(
        subprocessor=subprocessor, customer_id=customer_id, ended_at__isnull=True
    ).exists()


def customers_without_dpa():
    """Return the customers that hold campaign data but are bound by no DPA."""
    return (
        Customer.objects.filter(Exists(Campaign.objects.filter(customer=OuterRef("pk"))))
        .exclude(Exists(CustomerDPA.objects.filter(customer=OuterRef("pk"))))
        .order_by("name")
    )

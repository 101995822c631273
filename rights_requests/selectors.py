"""Reads of the rights-requests app: urgency lists, digests, calendar feeds and the suppression list."""

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecording, Transcript
from callnex_compliance.platform_data.normalise import normalise_phone_or_none

from . import deadlines
from .models import CalendarFeed, FileReview, RightsRequest, SuppressionEntry
from .own_data import own_data_counts

DIGEST_HORIZON_DAYS = 7


def brussels_today() -> dt.date:
    """Return today's date in Brussels, where deadlines are counted."""
    return timezone.localdate(timezone=deadlines.BRUSSELS)


def keyed_hash(value: str) -> str:
    """Return the HMAC-SHA256 of `value` under settings.HASH_KEY, as hex."""
    return hmac.new(settings.HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def suppression_hash(phone: str) -> str | None:
    """Return the keyed hash of the E.164 form of `phone`, or None when it is not a phone number."""
    e164 = normalise_phone_or_none(phone)
    return keyed_hash(e164) if e164 else None


def is_suppressed(phone: str, *, customer) -> bool:
    """Return whether `customer`'s campaigns may not call the number ("never call me again", or a global entry)."""
    digest = suppression_hash(phone)
    if digest is None:
        return False
    entries = SuppressionEntry.objects.filter(phone_hash=digest, lifted_at__isnull=True)
    return entries.filter(Q(customer=customer) | Q(customer__isnull=True)).exists()


def rights_requests_search(queryset: QuerySet[RightsRequest], term: str) -> QuerySet[RightsRequest]:
    """Return the requests whose reference, requester name or email contain every word of `term`.

    A phone number in any spelling matches the stored E.164 number exactly. On PostgreSQL the
    containment tests are served by trigram GIN indexes on UPPER() of the reference, name and email
    (migration 0007), which is the expression Django's `icontains` compares; SQLite scans, fine at its scale.
    """
    term = term.strip()
    if not term:
        return queryset
    if not any(char.isalpha() for char in term) and (phone := normalise_phone_or_none(term)):
        return queryset.filter(requester_phone=phone)
    condition = Q()
    for word in term.split():
        condition &= (
            Q(reference__icontains=word) | Q(requester_name__icontains=word) | Q(requester_email__icontains=word)
        )
    return queryset.filter(condition)


def request_handlers() -> QuerySet:
    """Return the active staff who may work rights requests (the DPC and handlers, never the read-only auditor)."""
    may_change = Q(
        groups__permissions__codename="change_rightsrequest",
        groups__permissions__content_type__app_label="rights_requests",
    ) | Q(
        user_permissions__codename="change_rightsrequest",
        user_permissions__content_type__app_label="rights_requests",
    )
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    return users.filter(Q(pk__in=users.filter(may_change).values("pk")) | Q(is_superuser=True)).order_by("username")


def intake_deadlines(received_at: dt.datetime) -> dict[str, dt.date]:
    """Return the legal, SLA and due dates a request received at `received_at` would get, by the deadline engine."""
    draft = RightsRequest(received_at=received_at)
    return {"legal_deadline": draft.legal_deadline, "sla_deadline": draft.sla_deadline, "due_on": draft.due_date}


def rights_requests_in_urgency(band: str, *, today: dt.date | None = None) -> QuerySet[RightsRequest]:
    """Return the open, running requests in an urgency band of the date staff work to (`worklist_due`)."""
    return RightsRequest.objects.in_urgency(deadlines.Urgency(band), today or brussels_today())


def rights_requests_due_soon(*, today: dt.date | None = None) -> QuerySet[RightsRequest]:
    """Return open requests with a running clock that are due within 7 days or overdue."""
    today = today or brussels_today()
    horizon = today + dt.timedelta(days=DIGEST_HORIZON_DAYS)
    return RightsRequest.objects.counting().with_parts_due().filter(worklist_due__lte=horizon)


def digest_by_assignee(*, today: dt.date | None = None) -> list[tuple[object, list[RightsRequest]]]:
    """Return (assignee, requests due within 7 days or overdue) for every assignee with an email."""
    requests = (
        rights_requests_due_soon(today=today)
        .filter(assignee__isnull=False, assignee__is_active=True)
        .exclude(assignee__email="")
        .select_related("assignee")
        .order_by("assignee_id", "worklist_due", "reference")
    )
    return [(assignee, list(items)) for assignee, items in groupby(requests, key=lambda r: r.assignee)]


def calendar_requests_for(user) -> QuerySet[RightsRequest]:
    """Return the open requests assigned to `user`, for their deadline calendar."""
    return RightsRequest.objects.open().filter(assignee=user).order_by("due_on")


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """Return the active feed whose secret token is `token`, comparing digests in constant time."""
    digest = keyed_hash(token)
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=digest, revoked_at__isnull=True).first()
    if feed is None or not hmac.compare_digest(feed.token_hash, digest) or not feed.user.is_active:
        return None
    return feed


def rights_request_parts(rights_request: RightsRequest) -> dict:
    """Return the request split per data holder: CallNex's own data and each customer's campaign data."""
    by_customer: dict[int, dict] = {}
    for match in rights_request.matches.select_related("customer").order_by("customer_id", "campaign_id"):
        if match.customer_id is None:
            continue
        part = by_customer.setdefault(
            match.customer_id,
            {
                "customer": match.customer_id,
                "name": match.customer.name,
                "campaigns": 0,
                "contacts": 0,
                "calls": 0,
                "recordings": 0,
                "transcripts": 0,
            },
        )
        part["campaigns"] += 1
        for name in ("contacts", "calls", "recordings", "transcripts"):
            part[name] += getattr(match, name)
    customers = []
    for forwarding in rights_request.forwardings.select_related("customer").order_by("customer_id"):
        part = by_customer.get(forwarding.customer_id) or {
            "customer": forwarding.customer_id,
            "name": forwarding.customer.name,
            "campaigns": 0,
            "contacts": 0,
            "calls": 0,
            "recordings": 0,
            "transcripts": 0,
        }
        part.update(
            state=forwarding.state,
            privacy_contact=bool(forwarding.customer.contact_email),
            due_on=forwarding.due_on,
            instruction=forwarding.instruction,
            instruction_received_on=forwarding.instruction_received_on,
            export_to_person=forwarding.export_to_person,
        )
        customers.append(part)
    return {
        "controller": {
            **own_data_counts(rights_request),
            "identity_verified": rights_request.is_identity_verified,
            "closed_at": rights_request.own_part_closed_at,
        },
        "customers": customers,
    }


@dataclass
class PartFile:
    """A recording or transcript of a customer part, with its Art. 15(4) decision (None while undecided)."""

    kind: str
    file_id: int
    call_id: int
    review: FileReview | None

    @property
    def label(self) -> str:
        return f"{FileReview.Kind(self.kind).label} of call #{self.call_id}"

    @property
    def released(self) -> bool:
        return self.review is not None and self.review.decision == FileReview.Decision.RELEASE


def part_files(*, rights_request: RightsRequest, customer) -> list[PartFile]:
    """Return the recordings and transcripts of `customer`'s part (its linked calls), each with its review."""
    call_ids = [pk for match in rights_request.matches.filter(customer=customer) for pk in match.call_ids]
    reviews = {
        (review.kind, review.file_id): review
        for review in rights_request.file_reviews.filter(customer=customer).select_related("reviewer")
    }
    files = [
        PartFile(FileReview.Kind.RECORDING, pk, call_id, reviews.get((FileReview.Kind.RECORDING, pk)))
        for pk, call_id in CallRecording.objects.filter(call_id__in=call_ids).values_list("pk", "call_id")
    ] + [
        PartFile(FileReview.Kind.TRANSCRIPT, pk, call_id, reviews.get((FileReview.Kind.TRANSCRIPT, pk)))
        for pk, call_id in Transcript.objects.filter(call_id__in=call_ids).values_list("pk", "call_id")
    ]
    return sorted(files, key=lambda f: (f.call_id, f.kind))

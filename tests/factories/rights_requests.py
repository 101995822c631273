"""Factories for rights requests: a plain model factory for bulk rows, and `request_via_intake` for the real flow."""

import datetime as dt

import factory
from django.utils import timezone

from rights_requests import deadlines, services
from rights_requests.models import RightsRequest

from .platform_data import fake


class RightsRequestFactory(factory.django.DjangoModelFactory):
    """A request row as intake would leave it, without letters or timeline (fast, for lists and bulk)."""

    class Meta:
        model = RightsRequest

    reference = factory.Sequence(lambda n: f"RR-TEST-{n:05d}")
    requester_name = factory.LazyFunction(fake.name)
    requester_email = factory.Sequence(lambda n: f"requester{n}@example.be")
    rights = factory.LazyFunction(lambda: ["access"])
    channel = RightsRequest.Channel.EMAIL
    received_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2))
    due_on = factory.LazyAttribute(
        lambda o: deadlines.due_date(
            deadlines.brussels_date(o.received_at),
            paused_days=getattr(o, "paused_days", 0),
            extension_months=getattr(o, "extension_months", 0),
        )
    )


def request_via_intake(**overrides) -> RightsRequest:
    """Register a request through the intake service (reference, timeline, acknowledgement letter)."""
    values = {
        "requester_name": "Sofie Peeters",
        "requester_email": "sofie.peeters@example.be",
        "requester_phone": "+32470000001",
        "rights": ["access"],
        "channel": RightsRequest.Channel.EMAIL,
        "received_at": timezone.now() - dt.timedelta(hours=1),
    }
    values.update(overrides)
    return services.rights_request_create(**values)


def instruct(rights_request: RightsRequest, customer, instruction: str, *, actor=None) -> RightsRequest:
    """Forward the customer's part (when not yet done) and record its instruction as received today."""
    if not rights_request.forwardings.filter(customer=customer, forwarded_at__isnull=False).exists():
        services.rights_request_forward_to_controller(rights_request=rights_request, actor=actor, customer=customer)
    services.forwarding_record_instruction(
        rights_request=rights_request,
        customer=customer,
        actor=actor,
        instruction=instruction,
        received_on=deadlines.brussels_date(timezone.now()),
    )
    rights_request.refresh_from_db()
    return rights_request

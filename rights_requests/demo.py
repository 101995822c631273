"""Demo rights requests in every state and urgency band, and of each shape: controller only (Marie Dupont,
an account user), processor only (An Vermeulen, forwarded to a customer) and mixed (Sofie Peeters: an
account user of one customer and a contact in two customers' campaigns).

Built through the services (so each has its timeline and letters), keyed on the requester's email so
that a second run creates nothing. Letters go to a dummy mail backend: the demo sends no email.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from callnex_compliance.platform_data.demo import DEMO_SUBJECT
from callnex_compliance.platform_data.models import Customer

from . import services
from .models import Instruction, RightsRequest

# (email, name, rights, days since receipt, assignee, what happened since)
REQUESTS = [
    (DEMO_SUBJECT["email"], DEMO_SUBJECT["name"], ["access", "erasure"], 6, "handler", "mixed"),
    ("luc.maes@example.be", "Luc Maes", ["access"], 22, "handler", "verified"),
    ("nathalie.dubois@example.be", "Nathalie Dubois", ["objection"], 27, "dpc", "verified"),
    ("koen.wouters@example.be", "Koen Wouters", ["rectification"], 33, "handler", "verified"),
    ("ines.lambert@example.be", "Inès Lambert", ["erasure"], 10, "handler", "identity"),
    ("pieter.claes@example.be", "Pieter Claes", ["portability"], 20, "dpc", "extended"),
    ("marie.dupont@example.be", "Marie Dupont", ["access"], 60, "handler", "completed"),
    ("tom.goossens@example.be", "Tom Goossens", ["erasure"], 45, None, "refused"),
    ("jan.smets@example.be", "Jan Smets", ["access"], 8, "handler", "no_data"),
    ("sarah.jacobs@example.be", "Sarah Jacobs", ["restriction"], 3, None, "received"),
]
PROCESSOR_REQUEST = ("an.vermeulen@example.be", "An Vermeulen", ["erasure"], 12, "handler", "forwarded")


def _staff(username: str | None):
    if username is None:
        return None
    # The demo logins get their password and role from `create_demo_logins`.
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "email": f"{username}@callnex.example"}
    )
    return user


def _advance(request: RightsRequest, step: str, actor) -> None:
    if step == "received":
        return
    if step == "identity":
        services.rights_request_ask_identity(
            rights_request=request, actor=actor, information_needed="The number we called you on and your postcode."
        )
        return
    if step == "no_data":
        services.rights_request_link_matches(rights_request=request, actor=actor)
        services.rights_request_complete(rights_request=request, actor=actor, outcome=RightsRequest.Outcome.NO_DATA)
        return
    services.rights_request_verify_identity(rights_request=request, actor=actor)
    if step == "mixed":
        services.rights_request_link_matches(rights_request=request, actor=actor)
        services.rights_request_forward_to_controller(rights_request=request, actor=actor)
        first = request.forwardings.order_by("customer__name").first()
        services.forwarding_record_instruction(
            rights_request=request,
            customer=first.customer,
            actor=actor,
            instruction=Instruction.ERASE,
            received_on=timezone.localdate(),
        )
    elif step == "extended":
        services.rights_request_extend(
            rights_request=request, actor=actor, months=2, reason="Data spread over several customers' campaigns."
        )
    elif step == "completed":
        services.rights_request_link_matches(rights_request=request, actor=actor)
        services.rights_request_complete(rights_request=request, actor=actor)
    elif step == "refused":
        services.rights_request_refuse(
            rights_request=request,
            actor=actor,
            reason=RightsRequest.RefusalReason.EXCESSIVE,
            text="This is the fourth identical request this month; we answered it on the first.",
        )
    elif step == "forwarded":
        services.rights_request_link_matches(rights_request=request, actor=actor)
        services.rights_request_forward_to_controller(rights_request=request, actor=actor)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
@transaction.atomic
def load(*, size: str = "small") -> dict[str, int]:
    """Create the demo requests that do not exist yet; return how many were created."""
    now = timezone.now()
    customer = Customer.objects.order_by("name").first()
    wanted = list(REQUESTS)
    if customer is not None:
        wanted.append(PROCESSOR_REQUEST)
    existing = set(RightsRequest.objects.filter(requester_email__in=[w[0] for w in wanted]).values_list(
        "requester_email", flat=True
    ))  # fmt: skip
    created = 0
    for email, name, rights, days_ago, assignee, step in wanted:
        if email in existing:
            continue
        actor = _staff(assignee)
        is_processor = step == "forwarded"
        request = services.rights_request_create(
            requester_name=name,
            requester_email=email,
            requester_phone=DEMO_SUBJECT["phone"] if email == DEMO_SUBJECT["email"] else "",
            rights=rights,
            channel=RightsRequest.Channel.EMAIL,
            received_at=now - dt.timedelta(days=days_ago),
            role=RightsRequest.Role.PROCESSOR if is_processor else RightsRequest.Role.CONTROLLER,
            customer=customer if is_processor else None,
            assignee=actor,
            actor=actor,
        )
        _advance(request, step, actor)
        created += 1
    return {"rights requests": created}

"""Schemathesis over the whole API, in-process: no server errors, and every response matches the schema.

The schema is the one the app serves at /api/schema/. Staff operations run with the token of a data protection
contact (so they reach the views, not just 403s), the customer-window operations with the token of the platform's
service account, and the public sub-processor list anonymously.
"""

import datetime as dt

import hypothesis
import pytest
import schemathesis
from django.contrib.auth.models import Permission
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from django.test import override_settings
from django.utils import timezone
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from callnex_compliance import roles
from callnex_compliance.platform_data.models import Campaign, Customer
from callnex_compliance.wsgi import application
from legal_basis.models import ProcessingActivity
from retention import services as retention_services
from retention.models import CAMPAIGN_CATEGORIES, PurgeRun
from rights_requests.models import Right, RightsRequest
from rights_requests.services import rights_request_link_matches
from subprocessors.models import Subprocessor
from subprocessors.selectors import public_changes
from tests.factories import CallRecordingFactory, StaffUserFactory
from tests.factories.legal_basis import ProcessingActivityFactory, approved_activity
from tests.factories.retention import CampaignRetentionOverrideFactory
from tests.factories.rights_requests import RightsRequestFactory, request_via_intake
from tests.factories.subprocessors import SubprocessorFactory, applied_change

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
PUBLIC_PREFIXES = ("/api/subprocessors/", "/api/subprocessor-changes/")
PLATFORM_PREFIX = "/api/customers/"

# Loaded at import, so each operation is its own test item with its own database transaction. (The fixture loader,
# `schemathesis.pytest.from_fixture`, fails on pytest 9.2: it sets `Function._nodeid`, which pytest no longer has.)
# Collection runs before pytest-django's test settings; schemathesis' WSGI client sends `Host: localhost`.
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


def _known_path_parameters(path: str) -> list[dict]:
    """Return path parameters naming rows that exist, so operations reach real objects and not only 404s."""
    by_id = {
        "/api/processing-activities/{id}/": ProcessingActivity.objects.all(),
        "/api/purge-runs/{id}/": PurgeRun.objects.all(),
        "/api/subprocessors/{id}/": Subprocessor.objects.for_public_display(),
        "/api/subprocessor-changes/{id}/": public_changes(),
    }
    if path.startswith("/api/rights-requests/{id}/"):
        return [{"id": pk} for pk in RightsRequest.objects.values_list("pk", flat=True)]
    if path in by_id:
        return [{"id": pk} for pk in by_id[path].values_list("pk", flat=True)]
    if path == "/api/customers/{customer_id}/retention-windows/":
        return [{"customer_id": pk} for pk in Customer.objects.values_list("pk", flat=True)]
    if path.startswith("/api/customers/{customer_id}/campaigns/{campaign_id}/"):
        campaigns = Campaign.objects.values_list("pk", "customer_id")
        return [
            {"customer_id": c, "campaign_id": pk, "category": k} for pk, c in campaigns for k in CAMPAIGN_CATEGORIES
        ]
    return []


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Mix existing rows into the generated path parameters."""
    known = _known_path_parameters(context.operation.path)
    if not known:
        return st.just(path_parameters)
    return st.one_of(st.just(path_parameters), st.sampled_from(known).map(lambda k: {**path_parameters, **k}))


@pytest.fixture
def _no_connection_recycling():
    """Keep the test's connection (and its transaction) across in-process requests, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(db, settings, _no_connection_recycling):
    """Create a small register behind every endpoint: requests in several states, activities, runs, windows."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    roles.roles_sync()
    contact = CallRecordingFactory(call__contact__email="sofie.peeters@example.be").call.contact
    # One request with the subject's data already linked, so export, erasure, restriction... can succeed.
    linked = request_via_intake(rights=list(Right), requester_phone=contact.phone)
    rights_request_link_matches(rights_request=linked, actor=None)
    request_via_intake(rights=list(Right), requester_phone=contact.phone)
    request_via_intake(rights=["erasure", "objection"], customer=contact.campaign.customer, role="processor")
    RightsRequestFactory(received_at=timezone.now() - dt.timedelta(days=40))
    RightsRequestFactory(status=RightsRequest.Status.AWAITING_IDENTITY, paused_since=timezone.now())
    approved_activity()
    ProcessingActivityFactory()
    applied_change(SubprocessorFactory(active=True))
    SubprocessorFactory()
    CampaignRetentionOverrideFactory(campaign=contact.campaign)
    retention_services.purge_run()


@pytest.fixture
def api_headers(api_data):
    """Return the headers for an operation: the platform's token for its API, else a data protection contact's."""
    dpc = StaffUserFactory(username="dpc-api", role=roles.DATA_PROTECTION_CONTACT)
    platform = StaffUserFactory(username="platform-service", is_staff=False)
    platform.user_permissions.add(Permission.objects.get(codename="act_for_customers"))
    dpc_token, platform_token = Token.objects.create(user=dpc), Token.objects.create(user=platform)

    def headers_for(path: str) -> dict:
        if path.startswith(PUBLIC_PREFIXES):
            return {}
        token = platform_token if path.startswith(PLATFORM_PREFIX) else dpc_token
        return {"Authorization": f"Token {token.key}"}

    return headers_for


@hypothesis.settings(
    max_examples=15, deadline=None, suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture]
)
@schema.parametrize()
def test_api_answers_without_server_errors_and_as_documented(case, api_headers):
    cache.clear()  # the throttles count in the cache; rate limits are tested by the apps themselves
    case.call_and_validate(headers=api_headers(case.operation.path), checks=CHECKS)

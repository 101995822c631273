"""Crafted ids in URLs (a NUL byte, text where a number belongs, a huge number) answer 400 or 404, never 500.

The routes are discovered at run time: every API route with a lookup and every custom admin view with
an object id, so a new viewset or admin view is covered without touching this test.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.authtoken.models import Token

BAD_IDS = ["%00", "1%00", "abc", "99999999999999999999", "-1"]
STANDARD_ADMIN_SUFFIXES = ("/history/", "/delete/", "/change/", "<path:object_id>/")
PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")
# Values for parameters that are not the id under test (they must be valid to reach the lookup).
PROJECT_ADMIN = tuple(
    f"admin/{app}/" for app in ("platform_data", "rights_requests", "legal_basis", "retention", "subprocessors")
)
OTHER_PARAMS = {"slug": "find-data", "kind": "controller", "category": "call_recordings"}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _url(route: str, id_param: str, bad: str) -> str:
    def fill(match):
        name = match.group(1) or match.group(2)
        return bad if name == id_param else OTHER_PARAMS.get(name, "1")

    return "/" + PARAM.sub(fill, route).replace("^", "").replace("$", "")


def _id_routes():
    cases = []
    for route in _routes(get_resolver().url_patterns):
        names = [a or b for a, b in PARAM.findall(route)]
        if route.startswith("api/") and "format" not in names:
            lookups = [n for n in names if n not in ("customer_id", "campaign_id")] or names
            cases += [(route, name) for name in lookups if name not in ("slug",)]
        elif route.startswith(PROJECT_ADMIN) and not route.endswith(STANDARD_ADMIN_SUFFIXES):
            cases += [(route, name) for name in names if name in ("object_id", "pk")]
    return cases


ROUTES = _id_routes()


def test_discovery_finds_the_api_and_custom_admin_routes():
    routes = {route for route, _ in ROUTES}
    assert any("retention-policies" in route for route in routes)
    assert any(route.startswith("admin/") and "workflow" in route for route in routes)
    print(f"{len(ROUTES)} id routes checked")


def _methods(route: str, id_param: str) -> list[str]:
    """Return the HTTP methods the route's view answers (a viewset's actions, an API view's handlers)."""
    view = resolve(_url(route, id_param, OTHER_PARAMS.get(id_param, "1"))).func
    if getattr(view, "actions", None):
        return list(view.actions)
    if hasattr(view, "cls"):
        return [method for method in ("get", "post", "put", "patch", "delete") if hasattr(view.cls, method)]
    return ["get", "post"]


@pytest.fixture
def staff_client(dpc_user, django_user_model) -> Client:
    """The DPC's session, plus the platform service account's token for the token-only customer API."""
    service = django_user_model.objects.create_user("platform-service")
    service.user_permissions.add(Permission.objects.get(codename="act_for_customers"))
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=service)}")
    client.force_login(dpc_user)
    return client


@pytest.mark.parametrize(("route", "id_param"), ROUTES, ids=[f"{route}:{name}" for route, name in ROUTES])
def test_crafted_id_answers_400_or_404_when_sent_to_the_route(staff_client, route, id_param):
    for method in _methods(route, id_param):
        for bad in BAD_IDS:
            url = _url(route, id_param, bad)
            response = getattr(staff_client, method)(url, content_type="application/json")
            # 405 is the right answer to a GET on a POST-only admin view (it never reaches the lookup).
            allowed = (400, 404, 405) if method == "get" else (400, 404)
            assert response.status_code in allowed, f"{method.upper()} {url} answered {response.status_code}"


def test_nul_byte_in_a_changelist_search_answers_400(dpc_client):
    response = dpc_client.get("/admin/rights_requests/rightsrequest/", {"q": "\x00"})
    assert response.status_code == 400

"""Every role, every admin page and every public page: no server error, and access exactly as the role allows."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from callnex_compliance import roles
from tests.factories import StaffUserFactory

PUBLIC_PAGES = [
    "/",
    "/healthz",
    "/subprocessors/",
    "/subprocessors/subscribe/",
    "/subprocessors/feed/",
    "/nl/",
    "/fr/subprocessors/",
    "/nl/subprocessors/subscribe/",
    "/fr/subprocessors/feed/",
    "/nl/dpa/request/",
    "/api/subprocessors/",
    "/api/schema/",
    "/api/docs/",
]
ROLE_NAMES = [roles.DATA_PROTECTION_CONTACT, roles.REQUEST_HANDLER, roles.AUDITOR]
ALLOWED = {200, 302}


@pytest.fixture
def demo_data(db):
    """Load the demo data, so every admin has rows to open."""
    call_command("load_demo")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _admin_pages(request):
    """Yield (url, allowed) for every registered admin's changelist, add and change page."""
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{prefix}_changelist"), model_admin.has_view_or_change_permission(request)
        yield reverse(f"{prefix}_add"), model_admin.has_add_permission(request)
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is not None:
            allowed = model_admin.has_view_or_change_permission(request, obj)
            yield reverse(f"{prefix}_change", args=[obj.pk]), allowed
            if hasattr(model_admin, "history_view"):
                yield reverse(f"{prefix}_history", args=[obj.pk]), allowed


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLE_NAMES)
def test_every_admin_page_answers_as_the_role_allows_and_never_fails(demo_data, role):
    user = StaffUserFactory(username=f"crawler-{role.split()[0].lower()}", role=role)
    client = Client()
    client.force_login(user)
    request = RequestFactory().get("/admin/")
    request.user = user
    problems = []
    visited = 0
    for url, allowed in _admin_pages(request):
        status = client.get(url).status_code
        visited += 1
        if status >= 500 or (allowed and status not in ALLOWED) or (not allowed and status != 403):
            problems.append(f"{url}: {status} (allowed={allowed})")
    assert visited > 100
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLE_NAMES)
def test_roles_match_their_description_in_the_admin(demo_data, role):
    user = StaffUserFactory(username=f"check-{role.split()[0].lower()}", role=role)
    request = RequestFactory().get("/admin/")
    request.user = user
    can_add = {
        model._meta.app_label
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_add_permission(request)
    }
    if role == roles.AUDITOR:
        assert can_add == set()
    elif role == roles.REQUEST_HANDLER:
        assert can_add == {"rights_requests"}
    else:
        assert can_add <= set(roles.COMPLIANCE_APPS) and {"legal_basis", "retention", "subprocessors"} <= can_add


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *ROLE_NAMES])
def test_public_pages_answer_everyone(demo_data, role):
    client = Client()
    if role:
        client.force_login(StaffUserFactory(username=f"public-{role.split()[0].lower()}", role=role))
    # An unprefixed public address redirects to its page in the visitor's language; the page itself must answer.
    statuses = {url: client.get(url, follow=True).status_code for url in PUBLIC_PAGES}
    assert statuses == {url: 200 for url in PUBLIC_PAGES}

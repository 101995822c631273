"""What each role can see and change, proven through the admin."""

import pytest
from django.contrib.auth.models import Group

from callnex_compliance import roles
from callnex_compliance.platform_data.models import OrganisationProfile
from tests.factories import CallRecordFactory

PROFILE_CHANGE_URL = "/admin/platform_data/organisationprofile/1/change/"


@pytest.fixture
def profile(db):
    return OrganisationProfile.get_solo()


def _profile_form(profile, **changes):
    data = {
        field: getattr(profile, field)
        for field in [
            "legal_name",
            "address",
            "contact_email",
            "data_protection_contact",
            "data_protection_subject",
            "rights_request_subject",
            "supervisory_authority_name",
            "supervisory_authority_address",
            "supervisory_authority_url",
            "subprocessor_notice_days",
            "dpa_assistance_days",
            "art37_assessment_en",
        ]
    }
    return {**data, **changes}


def test_roles_sync_is_idempotent_and_restores_removed_grants(db):
    first = roles.roles_sync()
    Group.objects.get(name=roles.AUDITOR).permissions.clear()
    second = roles.roles_sync()
    assert first == second
    assert Group.objects.filter(name__in=roles.ROLES).count() == 3


def test_dpc_can_change_the_organisation_profile(dpc_client, profile):
    response = dpc_client.post(PROFILE_CHANGE_URL, _profile_form(profile, legal_name="CallNex BV (renamed)"))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.legal_name == "CallNex BV (renamed)"
    assert profile.history.first().history_user.username == "dpc"


@pytest.mark.parametrize("client_fixture", ["handler_client", "auditor_client"])
def test_other_roles_see_the_organisation_profile_read_only(request, client_fixture, profile):
    client = request.getfixturevalue(client_fixture)
    page = client.get(PROFILE_CHANGE_URL)
    assert page.status_code == 200
    assert b'name="legal_name"' not in page.content  # rendered as text, not as an input
    response = client.post(PROFILE_CHANGE_URL, _profile_form(profile, legal_name="Hijacked"))
    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.legal_name == "CallNex BV"


@pytest.mark.parametrize("client_fixture", ["dpc_client", "handler_client", "auditor_client"])
def test_every_role_can_look_up_platform_data_but_nobody_edits_it_by_hand(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    call = CallRecordFactory()
    assert client.get("/admin/platform_data/callrecord/").status_code == 200
    assert client.get(f"/admin/platform_data/callrecord/{call.pk}/change/").status_code == 200
    assert client.get("/admin/platform_data/callrecord/add/").status_code == 403
    assert client.post(f"/admin/platform_data/callrecord/{call.pk}/delete/", {"post": "yes"}).status_code == 403


def test_only_the_auditor_reads_staff_accounts(auditor_client, dpc_client, handler_client):
    assert auditor_client.get("/admin/auth/user/").status_code == 200
    assert auditor_client.get("/admin/auth/user/add/").status_code == 403
    assert dpc_client.get("/admin/auth/user/").status_code == 403
    assert handler_client.get("/admin/auth/user/").status_code == 403


def test_staff_without_a_role_sees_nothing(db, client, django_user_model):
    user = django_user_model.objects.create_user("norole", password="x", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/platform_data/callrecord/").status_code == 403
    assert client.get(PROFILE_CHANGE_URL).status_code == 403


def test_request_handler_never_gets_decisions_reserved_to_the_dpc(role_groups):
    handler = Group.objects.get(name=roles.REQUEST_HANDLER)
    assert not handler.permissions.filter(codename__in=roles.DPC_ONLY_CODENAMES).exists()


def test_no_role_holds_a_service_account_permission(role_groups):
    for name in roles.ROLES:
        group = Group.objects.get(name=name)
        assert not group.permissions.filter(codename__in=roles.SERVICE_ONLY_CODENAMES).exists(), name

"""Every admin action declares the permission it needs (finding 2)."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from rights_requests.models import RightsRequest
from tests.factories.rights_requests import request_via_intake


def test_every_registered_admin_action_declares_its_permissions():
    undeclared = [
        f"{model._meta.label}: {name}"
        for model, model_admin in admin.site._registry.items()
        for function, name, _ in model_admin._get_base_actions()
        if name != "delete_selected" and not getattr(function, "allowed_permissions", None)
    ]
    assert undeclared == []


@pytest.mark.django_db
def test_the_auditor_cannot_assign_open_requests_to_itself(auditor_client):
    rights_request = request_via_intake()
    url = reverse("admin:rights_requests_rightsrequest_changelist")
    auditor_client.post(url, {"action": "assign_to_me", ACTION_CHECKBOX_NAME: [rights_request.pk]})
    assert RightsRequest.objects.get(pk=rights_request.pk).assignee is None


@pytest.mark.django_db
def test_a_handler_can_still_assign_requests_to_itself(handler_client, handler_user):
    rights_request = request_via_intake()
    url = reverse("admin:rights_requests_rightsrequest_changelist")
    handler_client.post(url, {"action": "assign_to_me", ACTION_CHECKBOX_NAME: [rights_request.pk]})
    assert RightsRequest.objects.get(pk=rights_request.pk).assignee == handler_user


@pytest.mark.django_db
def test_the_auditor_cannot_resubmit_task_results(auditor_client):
    from django_q.models import OrmQ, Success

    task = Success.objects.create(
        id="a" * 32, name="task", func="math.floor", args=(1.5,), kwargs={}, started="2026-01-01T00:00Z",
        stopped="2026-01-01T00:00Z", success=True,
    )  # fmt: skip
    url = reverse("admin:django_q_success_changelist")
    auditor_client.post(url, {"action": "resubmit_task", ACTION_CHECKBOX_NAME: [task.pk]})
    assert not OrmQ.objects.exists()

"""Every change to a compliance record is visible in admin: its own history page, and the audit trail."""

from django.contrib import admin

from callnex_compliance.audit import history_models
from callnex_compliance.history_admin import HistoryAdmin


def test_every_admin_of_a_model_with_history_shows_that_history():
    missing = [
        model.instance_type._meta.label
        for model in history_models()
        if model.instance_type in admin.site._registry
        and not isinstance(admin.site._registry[model.instance_type], HistoryAdmin)
    ]
    assert missing == []


def test_no_platform_data_model_keeps_a_history_table():
    keeping = {model.instance_type._meta.label for model in history_models()}
    assert {label for label in keeping if label.startswith("platform_data.")} == {"platform_data.OrganisationProfile"}

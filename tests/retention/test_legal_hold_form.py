"""The legal-hold form asks only for the target its scope names, with searchable pickers."""

from retention.models import LegalHold
from tests.factories.platform_data import CampaignFactory, CustomerFactory

ADD_URL = "/admin/retention/legalhold/add/"


def _post(client, **data):
    form = {"scope": "", "customer": "", "campaign": "", "contact": "", "call": "", "rights_request": ""}
    return client.post(ADD_URL, {**form, "reference": "Court case 12/345", "reason": "Pending claim", **data})


def test_hold_form_offers_searchable_pickers_for_every_target(dpc_client):
    html = dpc_client.get(ADD_URL).content.decode()
    for target in ("customer", "campaign", "contact", "call", "rights_request"):
        assert f'id="id_{target}"' in html
    assert html.count("admin-autocomplete") >= 5
    assert "retention/legal_hold_form.js" in html  # shows only the chosen scope's field


def test_hold_on_a_campaign_keeps_only_the_campaign_when_other_targets_were_sent(dpc_client):
    campaign, customer = CampaignFactory(), CustomerFactory()
    response = _post(dpc_client, scope="campaign", campaign=campaign.pk, customer=customer.pk)
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.campaign_id, hold.customer_id) == (campaign.pk, None)


def test_hold_without_the_target_of_its_scope_is_refused_with_a_clear_message(dpc_client):
    response = _post(dpc_client, scope="customer", campaign=CampaignFactory().pk)
    assert response.status_code == 200
    assert "Choose the customer this hold covers" in response.content.decode()
    assert not LegalHold.objects.exists()


def test_customer_picker_finds_a_customer_by_typing_part_of_its_name(dpc_client):
    customer = CustomerFactory(name="Brasserie Sofie")
    answer = dpc_client.get(
        "/admin/autocomplete/",
        {"term": "sofie", "app_label": "retention", "model_name": "legalhold", "field_name": "customer"},
    ).json()
    assert [row["id"] for row in answer["results"]] == [str(customer.pk)]

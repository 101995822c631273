"""The organisation profile is the one place public pages read CallNex's details from."""

from callnex_compliance.platform_data.models import OrganisationProfile


def test_profile_starts_with_callnex_defaults(db):
    profile = OrganisationProfile.get_solo()
    assert profile.legal_name == "CallNex BV"
    assert profile.contact_email == "support@callnex.nl"
    assert profile.subprocessor_notice_days == 30
    assert "Gegevensbeschermingsautoriteit" in profile.supervisory_authority_name


def test_there_is_only_ever_one_profile(db):
    OrganisationProfile.get_solo()
    OrganisationProfile(legal_name="Another").save()
    assert OrganisationProfile.objects.count() == 1
    assert OrganisationProfile.get_solo().legal_name == "Another"


def test_home_page_shows_the_edited_profile(client, db):
    profile = OrganisationProfile.get_solo()
    profile.contact_email = "privacy@callnex.example"
    profile.save()
    page = client.get("/", follow=True)
    assert page.status_code == 200
    assert b"privacy@callnex.example" in page.content
    assert b"support@callnex.nl" not in page.content

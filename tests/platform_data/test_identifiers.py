"""Phone numbers and email addresses are stored and searched in one normal form."""

import pytest
from django.core.exceptions import ValidationError

from callnex_compliance.platform_data.models import Contact
from callnex_compliance.platform_data.normalise import normalise_phone
from tests.factories import ContactFactory


@pytest.mark.parametrize(
    "raw",
    ["0470 12 34 56", "+32 470 12 34 56", "0032470123456", "+32470123456", "(0470) 12.34.56"],
)
def test_phone_numbers_are_normalised_to_e164(raw):
    assert normalise_phone(raw) == "+32470123456"


def test_contacts_are_stored_normalised_and_found_by_any_spelling(db):
    contact = ContactFactory(phone="0470 12 34 56", email="  Jan.Janssens@Example.BE ")
    contact.refresh_from_db()
    assert (contact.phone, contact.email) == ("+32470123456", "jan.janssens@example.be")
    assert Contact.objects.get(phone="0032 470 12 34 56") == contact
    assert Contact.objects.get(email="JAN.JANSSENS@example.be") == contact


def test_an_invalid_phone_number_is_rejected_with_a_clear_message(db):
    contact = ContactFactory.build(phone="call me maybe")
    with pytest.raises(ValidationError) as error:
        contact.full_clean(exclude=["campaign"])
    assert "Enter a valid phone number" in str(error.value)

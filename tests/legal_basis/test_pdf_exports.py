"""The Art. 30 records and the letters as PDF, checked by extracting their text."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from rights_requests.models import RightsRequestLetter
from tests.factories.legal_basis import approved_activity
from tests.factories.rights_requests import RightsRequestFactory


def _text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_export_ropa_writes_a_pdf_with_the_art30_headings_when_asked(db, tmp_path):
    approved_activity(name="Customer support")
    out = tmp_path / "ropa.pdf"
    call_command("export_ropa", "--record", "controller", "--format", "pdf", "--output", str(out))
    text = _text(out.read_bytes())
    assert "Record of processing activities — controller" in text
    for heading in ("Art. 30(1)(b) Purposes of the processing", "Art. 30(1)(f) Time limits for erasure",
                    "Art. 30(1)(g) Technical and organisational security measures"):  # fmt: skip
        assert heading in text
    assert "Customer support" in text


def test_export_ropa_refuses_a_pdf_on_stdout_when_no_output_is_given(db):
    with pytest.raises(CommandError, match="give --output"):
        call_command("export_ropa", "--record", "controller", "--format", "pdf")


def test_admin_downloads_the_processor_record_in_french_when_asked(db, dpc_client):
    approved_activity(name="Call recording", role="processor", all_customers=True)
    url = reverse("admin:legal_basis_ropa", args=["processor"]) + "?format=pdf&language=fr"
    response = dpc_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Registre des activités de traitement — sous-traitant" in text and "Art. 30(2)(b)" in text


def test_letter_downloads_as_a_pdf_with_its_text_when_the_handler_asks(db, handler_client):
    request = RightsRequestFactory()
    letter = RightsRequestLetter.objects.create(
        rights_request=request, kind="completion", subject="Your GDPR request is complete",
        body="We have erased the data we held about you.",
    )  # fmt: skip
    response = handler_client.get(reverse("admin:rights_requests_letter_pdf", args=[request.pk, letter.pk]))
    text = _text(response.content)
    assert "Your GDPR request is complete" in text and "We have erased the data we held about you." in text
    assert request.reference in text

"""Staff downloads of DPA documents, only through the permission-checked private file view."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from callnex_compliance.private_files import private_file_response

from .models import CustomerDPA, DpaRequest


@staff_member_required
@permission_required("subprocessors.view_dparequest", raise_exception=True)
def dpa_request_document(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream the DPA generated for a request (PDF)."""
    dpa_request = get_object_or_404(DpaRequest, pk=pk)
    return private_file_response(dpa_request.document, download_name=f"DPA-{dpa_request.pk}.pdf")


@staff_member_required
@permission_required("subprocessors.view_customerdpa", raise_exception=True)
def dpa_signed_document(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream the signed copy of a customer's DPA."""
    dpa = get_object_or_404(CustomerDPA, pk=pk)
    return private_file_response(dpa.signed_document)

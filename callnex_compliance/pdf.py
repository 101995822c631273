"""HTML to PDF for documents the back-office issues (DPAs, evidence packs), with WeasyPrint.

WeasyPrint needs Debian's Pango libraries (libpango-1.0-0, libpangoft2-1.0-0), present on the image.
Documents are rendered from our own templates only, so no external resource is ever fetched.
"""

from django.conf import settings


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError("Documents are self-contained; external resources are not fetched.")


def html_to_pdf(html: str) -> bytes:
    """Return `html` rendered as a PDF document."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.5 s, only documents need it

    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_no_fetch).write_pdf()

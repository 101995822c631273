"""PDF from the same printable HTML the staff see, with WeasyPrint.

WeasyPrint lays out HTML and CSS (tables, page breaks, @page margins) faithfully and is maintained; it
needs Pango from the system (Debian: libpango-1.0-0, libpangoft2-1.0-0, installed by `.ci/run` and the
README's setup). Nothing is fetched while rendering: `url_fetcher` refuses every URL, so a template can
never make the server request a resource (SSRF, local files), and stylesheets come in as strings.
"""

import logging

from django.conf import settings
from django.contrib.staticfiles import finders

# WeasyPrint logs each rendering step at INFO; only its warnings belong in the application log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

BASE_CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 9.5pt; line-height: 1.35; }
h1 { font-size: 16pt; } h2 { font-size: 12.5pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 3px 5px; vertical-align: top; }
th { text-align: left; background: #f2f2f2; } .no-print, script, button { display: none; }
section, tr { break-inside: avoid; }
"""


def _static_css(path: str) -> str:
    found = finders.find(path)
    return open(found, encoding="utf-8").read() if found else ""  # noqa: SIM115


def html_to_pdf(html: str, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    """Return `html` rendered as a PDF document (A4); `stylesheets` are static paths added to the base CSS."""
    from weasyprint import CSS, HTML  # imported here: loading Pango costs ~0.3 s, only for PDF requests
    from weasyprint.urls import URLFetcher

    no_fetch = URLFetcher(allowed_protocols=frozenset())
    sheets = [CSS(string=BASE_CSS, url_fetcher=no_fetch)]
    sheets += [CSS(string=_static_css(path), url_fetcher=no_fetch) for path in stylesheets]
    document = HTML(string=html, url_fetcher=no_fetch, base_url=str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=sheets)

"""PDF from the same printable HTML the staff see, with WeasyPrint.

WeasyPrint lays out HTML and CSS (tables, page breaks, @page margins) faithfully and is maintained; it
needs Pango from the system (Debian: libpango-1.0-0, libpangoft2-1.0-0, installed by `.ci/run` and
`make install`). The renderer reads only the project's own static files (the pages' stylesheets): every
other URL is refused, so a template can never make the server fetch a remote or local resource.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

# WeasyPrint logs each rendering step at INFO; only its warnings belong in the application log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

BASE_URL = "file:///"
BASE_CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 9.5pt; line-height: 1.35; }
h1 { font-size: 16pt; } h2 { font-size: 12.5pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 3px 5px; vertical-align: top; text-align: left; }
.no-print, script, button, .skip-link { display: none; }
tr { break-inside: avoid; }
"""


def _static_path(name: str) -> str | None:
    """Return the file of a static `name`: collected (hashed names, production) or in the app folders."""
    if settings.STATIC_ROOT:
        collected = Path(settings.STATIC_ROOT) / name
        if collected.is_file() and collected.resolve().is_relative_to(Path(settings.STATIC_ROOT).resolve()):
            return str(collected)
    return finders.find(name)


def _static_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static_prefix = BASE_URL + settings.STATIC_URL.lstrip("/")

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(static_prefix) or ".." in url:
                raise ValueError(f"The PDF renderer fetches only the project's static files, not {url}.")
            found = _static_path(url.removeprefix(static_prefix).split("?")[0])
            if not found:
                raise ValueError(f"No static file at {url}.")
            with open(found, "rb") as stream:
                body = stream.read()
            mime = "text/css" if found.endswith(".css") else "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})

    return StaticOnlyFetcher()


def html_to_pdf(html: str) -> bytes:
    """Return `html` rendered as a PDF document (A4); linked static stylesheets are applied."""
    from weasyprint import CSS, HTML  # imported here: loading Pango costs ~0.3 s, only for PDF requests

    fetcher = _static_fetcher()
    document = HTML(string=html, url_fetcher=fetcher, base_url=BASE_URL)
    return document.write_pdf(stylesheets=[CSS(string=BASE_CSS, url_fetcher=fetcher)])

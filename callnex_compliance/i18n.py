"""Languages of the public pages: the URL prefix chooses (/nl/, /fr/, /en/), old unprefixed URLs keep working.

Public pages live in `i18n_patterns` (see `urls.py`). Three rules on top of Django's `LocaleMiddleware`:

- an old unprefixed public URL (in a bookmark, a sent e-mail, a test) is redirected on GET/HEAD to the
  prefixed one in the visitor's language (cookie, then Accept-Language, else English);
- any other method on such a URL (a form posted from an old page, an RFC 8058 one-click unsubscribe from a
  mail client that does not follow redirects) is served in place, in English: a redirect would lose the body;
- the staff pages (admin, file downloads) stay in the default language whatever the browser asks: the
  back-office and the records it writes are in English. The public API negotiates Accept-Language.
"""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.urls import get_urlconf, is_valid_path, translate_url
from django.utils import translation

NEGOTIATED_UNPREFIXED = ("/api/",)


class PublicLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, plus the three rules in this module's docstring."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        path = request.path_info
        if translation.get_language_from_path(path):
            return
        urlconf = getattr(request, "urlconf", get_urlconf())
        if is_valid_path(path, urlconf):
            if not path.startswith(NEGOTIATED_UNPREFIXED):
                self._activate(request, settings.LANGUAGE_CODE)
            return
        if request.method in ("GET", "HEAD"):
            return  # LocaleMiddleware.process_response redirects to the prefixed URL.
        self._activate(request, settings.LANGUAGE_CODE)
        prefixed = f"/{settings.LANGUAGE_CODE}{path}"
        if is_valid_path(prefixed, urlconf):
            request.path_info = prefixed
            request.path = f"{request.META.get('SCRIPT_NAME', '').rstrip('/')}{prefixed}"

    @staticmethod
    def _activate(request: HttpRequest, language: str) -> None:
        translation.activate(language)
        request.LANGUAGE_CODE = language


def language_links(request: HttpRequest) -> dict:
    """Return the switcher's and the hreflang links' targets: this page in each language (template context)."""
    current = translation.get_language()
    if not translation.get_language_from_path(request.path_info):
        return {"language_links": [], "current_language": current}
    path = request.path  # never the query string: the sub-processor page is cached and shared by every visitor
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                # The public base URL, not the request's host: pages are cached and must name one canonical site.
                "absolute_url": settings.SITE_URL + url,
                "current": code == current,
            }
        )
    return {"language_links": links, "current_language": current}

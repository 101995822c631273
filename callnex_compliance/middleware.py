"""Project middleware."""

from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


def reject_nul_bytes(get_response: Callable[[HttpRequest], HttpResponse]):
    """Answer 400 to a URL with a NUL byte in its path or query, before any view or query sees it.

    PostgreSQL refuses NUL in text; without this, `/api/...%00/` or an admin search for `%00` would
    reach the database and end in a server error. Forms and serializers already reject NUL in bodies.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            return HttpResponseBadRequest("Bad request: the address contains a NUL byte.", content_type="text/plain")
        return get_response(request)

    return middleware

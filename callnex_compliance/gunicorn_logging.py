"""gunicorn's access log, redacted like every other log (configured in gunicorn.conf.py)."""

from gunicorn.glogging import Logger

from .logging_filters import redact

# Atoms that carry the request URL or a header that may repeat it.
URL_ATOMS = ("r", "U", "q", "f", "{referer}i")


class RedactingLogger(Logger):
    """gunicorn Logger whose access-log atoms pass through `redact`; `h` is the client as client_ip sees it."""

    def atoms(self, resp, req, environ, request_time):
        from .client_ip import client_ip_from_meta  # needs Django settings, loaded by the WSGI app by now

        atoms = super().atoms(resp, req, environ, request_time)
        for key in URL_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        atoms["h"] = client_ip_from_meta(environ) or "-"
        return atoms

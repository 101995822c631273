"""WSGI entry point (gunicorn callnex_compliance.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callnex_compliance.settings")

application = get_wsgi_application()

"""WSGI entry point for production servers (e.g. gunicorn forbedring.web.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forbedring.web.config.settings")
application = get_wsgi_application()

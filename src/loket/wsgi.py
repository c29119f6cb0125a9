"""WSGI entry point for production servers (``loket serve`` uses it with waitress)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")

application = get_wsgi_application()

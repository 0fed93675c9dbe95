"""ASGI entry point (not used by default; gunicorn serves WSGI)."""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiring.settings.production")

application = get_asgi_application()

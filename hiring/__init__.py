"""The Django project: settings, URLs and the Celery app (exported here so `celery -A hiring` finds it)."""
from .celery import app as celery_app

__all__ = ("celery_app",)

"""Settings for the test suite: same code paths, faster hashing, files in a throwaway folder."""
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR, env

SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses Argon2

MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="screening-test-media-")))
STORAGES["default"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": "/no-public-media/"},
}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that worker processes started by integration tests share the test database.
    # var/ is git-ignored, so a fresh checkout has none yet.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

# Unit and service tests run tasks in-process. Worker processes started by the integration tests set
# CELERY_EAGER=0 and get the broker from REDIS_URL.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_EAGER", default=True)
CELERY_BROKER_URL = "memory://localhost/" if CELERY_TASK_ALWAYS_EAGER else env.str("REDIS_URL")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}

# Static files come from the app folders (no collectstatic in tests).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

SCREENING = {**SCREENING, "TAXONOMY_DIR": tempfile.mkdtemp(prefix="screening-test-taxonomy-")}  # noqa: F405
# Re-score runs inside the request in tests, so each test sees them done; tests of the thread turn it on.
SCREENING["EMBEDDED_BACKGROUND"] = False

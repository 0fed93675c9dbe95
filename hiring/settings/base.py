"""Every setting, read from the environment, with defaults that give the embedded mode.

Embedded mode (no environment): SQLite under var/, files under var/media/, tasks run in-process after
commit. Full stack: DATABASE_URL (PostgreSQL), REDIS_URL (Celery broker), optional S3 storage.
local.py, test.py and production.py only override what differs.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)  # optional; real environments set variables directly

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Reverse proxies in front of the app that each append the client's address to X-Forwarded-For
# (docker-compose publishes the web service on 127.0.0.1 only, for a proxy on the host: set 1 there).
# 0 ignores the header, which a client could otherwise forge. See hiring/middleware.py.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Absolute links in candidate emails. Without SITE_URL, the address `make run` serves (PORT, 8000 by
# default; bin/serve exports both, so the worker it starts writes the same links).
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API docs page's assets, served from our static files (no CDN)
    "screening",
]

MIDDLEWARE = [
    # First, so that sign-in lockout, rate limits and the audit log all see the client's own address.
    "hiring.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files keep their caching; every response of a view is private.
    "hiring.middleware.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Turns django-ratelimit's refusal into RATELIMIT_VIEW's 429 page (without it: a bare 403).
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "hiring.urls"
WSGI_APPLICATION = "hiring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "screening.context_processors.roles",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the in-process tasks write while a request reads; a busy timeout instead of "database is locked";
    # secure_delete overwrites freed pages, so erased candidates' data does not linger in the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # PostgreSQL's default random_page_cost (4) assumes spinning disks and steers the planner away from
    # the index scans the ranked list relies on; 1.1 is the usual value for SSDs and cloud volumes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", f"-c random_page_cost={env.float('PG_RANDOM_PAGE_COST', default=1.1)}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "recruiter:home"
LOGOUT_REDIRECT_URL = "careers:jobs"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a recruiter's working day
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True

# Login throttling: lock a (username, IP) pair, never a username alone, so an attacker cannot lock a
# real recruiter out from elsewhere; and lock an IP that tries many user names (password spraying),
# at a higher count so that colleagues behind one office address do not lock each other out.
SIGN_IN_FAILURES_PER_USER_AND_ADDRESS = env.int("AXES_FAILURE_LIMIT", default=5)
SIGN_IN_FAILURES_PER_ADDRESS = env.int("SIGN_IN_FAILURES_PER_ADDRESS", default=20)
AXES_FAILURE_LIMIT = "hiring.sign_in.sign_in_failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT: Path | None = VAR_DIR / "static"  # None where runserver or the tests serve the app folders
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded resumes are never served from a public URL: no URL pattern serves this prefix, downloads go
# through a permission-checked view. (Django needs some value here; storage names are random anyway.)
MEDIA_URL = "/no-public-media/"

_s3_bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": _s3_bucket,
                "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
                "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
        if _s3_bucket
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL},
        }
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default; files stream to disk above it
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Caches (rate limiting); a separate Redis from the broker in production ----------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://screening")}
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "screening.views.errors.rate_limited"

# --- Email ----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Hiring team <jobs@example.com>")

# --- Security headers ----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Celery (CELERY_ prefix; see hiring/celery.py) -----------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# Without a broker the tasks run in-process right after the transaction commits (embedded mode).
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True  # state lives in the database, nothing (no PII) in a result backend
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_DEFAULT_QUEUE = "screening"
CELERY_TASK_ROUTES = {"screening.*": {"queue": "screening"}}
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another worker
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # ...bounded by the attempts counter in the database
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 600_000  # KiB
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
_visibility_timeout = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    "health_check_interval": 10,
    "socket_timeout": 10,
    "socket_connect_timeout": 3,
    # A publisher that finds the broker down tries once and gives up, so apply answers at once and the
    # sweep sends the work later. kombu's default retries with 2 s and 4 s pauses: 6 s per message, 12 s
    # per application (resume and email), measured in tests/integration/test_reliability_broker.py.
    # Workers and beat reconnect with their own retry settings (CELERY_BROKER_CONNECTION_*), not these.
    "max_retries": 0,
}
# How long one attempt to reach the broker may take before apply gives up and leaves it to the sweep.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-resumes": {
        "task": "screening.tasks.resumes_sweep",
        "schedule": env.int("SWEEP_INTERVAL_SECONDS", default=120),
    },
    "sweep-stuck-rescore-runs": {
        "task": "screening.tasks.rescore_runs_sweep",
        "schedule": env.int("SWEEP_INTERVAL_SECONDS", default=120),
    },
    "apply-retention": {
        "task": "screening.tasks.retention_apply",
        "schedule": 24 * 60 * 60,
    },
    "prune-oversight-record": {
        "task": "screening.tasks.oversight_prune",
        "schedule": 24 * 60 * 60,
    },
    "send-due-rejection-emails": {
        "task": "screening.tasks.rejection_emails_sweep",
        "schedule": env.int("REJECTION_EMAIL_SWEEP_INTERVAL_SECONDS", default=60),
    },
    "sweep-kept-resumes": {  # apply forms' kept files (services.kept_resumes), gone within the hour
        "task": "screening.tasks.kept_resumes_sweep",
        "schedule": 10 * 60,
    },
    "sweep-webhook-deliveries": {
        "task": "screening.tasks.webhook_deliveries_sweep",
        "schedule": env.int("WEBHOOK_SWEEP_INTERVAL_SECONDS", default=30),
    },
}

# --- The screening app ----------------------------------------------------------------------
SCREENING = {
    # Resume files
    "MAX_UPLOAD_BYTES": env.int("SCREENING_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024),
    "MAX_PAGES": env.int("SCREENING_MAX_PAGES", default=40),
    "MAX_CHARS": env.int("SCREENING_MAX_CHARS", default=200_000),
    "MAX_PARSE_SECONDS": env.float("SCREENING_MAX_PARSE_SECONDS", default=60.0),
    "PARSE_MEMORY_MB": env.int("SCREENING_PARSE_MEMORY_MB", default=1024),
    "OCR": env.bool("SCREENING_OCR", default=False),
    # Parsing runs in a forked child with limits; off only for debugging.
    "SANDBOX": env.bool("SCREENING_SANDBOX", default=True),
    # Processing
    "MAX_ATTEMPTS": env.int("SCREENING_MAX_ATTEMPTS", default=3),
    "LEASE_SECONDS": env.int("SCREENING_LEASE_SECONDS", default=300),
    "STUCK_AFTER_SECONDS": env.int("SCREENING_STUCK_AFTER_SECONDS", default=300),
    # Embedded mode (no REDIS_URL): a re-score run works in a thread beside the request that started it,
    # so publishing answers at once and the profile page's progress bar has something to show.
    "EMBEDDED_BACKGROUND": env.bool("SCREENING_EMBEDDED_BACKGROUND", default=True),
    # spaCy: an installed trained pipeline may be named; the default is a blank English pipeline.
    "SPACY_MODEL": env.str("SCREENING_SPACY_MODEL", default="") or None,
    # Where each machine writes the admins' edited taxonomy for its pipeline (local, not shared).
    "TAXONOMY_DIR": env.str("SCREENING_TAXONOMY_DIR", default=str(VAR_DIR / "taxonomy")),
    # Candidates
    "CONSENT_VERSION": "2026-11",
    "APPLY_RATE": env.str("SCREENING_APPLY_RATE", default="10/m"),  # POSTs per client address
    # Applications stored per email address: each one sends that address an email, so this also
    # bounds the mail anyone can make us send to a stranger.
    "APPLY_EMAIL_RATE": env.str("SCREENING_APPLY_EMAIL_RATE", default="3/d"),
    "RETENTION_DAYS": env.int("SCREENING_RETENTION_DAYS", default=365),
    # The record of who saw which ranking and decided which stage (ids only) is kept this long: the
    # period a yearly bias audit looks back over, with a year to spare for the audit itself.
    "OVERSIGHT_RETENTION_DAYS": env.int("SCREENING_OVERSIGHT_RETENTION_DAYS", default=730),
    # A rejection email waits this long, so a recruiter can undo the decision before the candidate hears.
    "REJECTION_EMAIL_DELAY_SECONDS": env.int("SCREENING_REJECTION_EMAIL_DELAY_SECONDS", default=600),
}

# --- REST API (/api/v1/) and webhooks ----------------------------------------------------------
REST_FRAMEWORK = {
    # Keys only: a browser session never reaches the API, so the API needs no CSRF token.
    "DEFAULT_AUTHENTICATION_CLASSES": ["screening.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["screening.api.permissions.HasScopes"],
    "DEFAULT_THROTTLE_CLASSES": ["screening.api.throttles.ApiKeyRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api_key": env.str("SCREENING_API_RATE", default="300/min"),
        # Parsing reads a file in a forked child: far costlier than a read, so fewer per key.
        "api_parse": env.str("SCREENING_API_PARSE_RATE", default="30/min"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "screening.api.errors.problem_exception_handler",
    "UNAUTHENTICATED_USER": None,
    # `?format=` is ours (the parse endpoint's `jsonresume`), not a renderer switch: JSON is the only one.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Resume screening API",
    "DESCRIPTION": "Jobs, ranked applications with their explained scores, resume parsing, competency "
    "profiles and signed webhooks. Send `Authorization: Bearer <key>` (make a key with "
    "`manage.py create_api_key`).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
WEBHOOKS = {
    # Endpoints on private, loopback and link-local addresses are refused (SSRF) unless this is set,
    # e.g. for a receiver on the same private network.
    "ALLOW_PRIVATE_ADDRESSES": env.bool("SCREENING_WEBHOOKS_ALLOW_PRIVATE", default=False),
    "TIMEOUT_SECONDS": env.float("SCREENING_WEBHOOKS_TIMEOUT", default=10.0),
    "MAX_ATTEMPTS": env.int("SCREENING_WEBHOOKS_MAX_ATTEMPTS", default=6),
    "BACKOFF_SECONDS": env.int("SCREENING_WEBHOOKS_BACKOFF", default=30),  # 30 s, 1, 2, 4, 8 min...
    "DISABLE_AFTER_FAILURES": env.int("SCREENING_WEBHOOKS_DISABLE_AFTER", default=5),  # deliveries failed in a row
}

# --- Logging: ids only, never names, emails or resume text ---------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Status tokens, email addresses and query strings (search terms) are rewritten before any handler
    # writes a record: hiring/log_redaction.py.
    "filters": {"redact": {"()": "hiring.log_redaction.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        # runserver's request lines ("GET /applications/<token>/?q=... 200"): Django's default handler
        # for them has no filter, so they go through ours instead.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

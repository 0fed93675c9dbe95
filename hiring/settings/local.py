"""Embedded/local mode for `make run`: debug on, a secret key generated once under var/."""
import secrets

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)

if not SECRET_KEY:
    # Generated on first run and kept under var/ (git-ignored), so sessions survive restarts.
    _key_file = VAR_DIR / "secret_key"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()

# runserver serves static files from the app folders; no collectstatic needed locally.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

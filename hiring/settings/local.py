"""Embedded/local mode for `make run`: debug off unless DEBUG=1 (`make dev`), a secret key generated once under var/."""
import secrets

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR, env

# `make run` is how people run the product, so visitors get the real 404 and 500 pages, never a
# debug page with settings and tracebacks; `make dev` (DEBUG=1) is the explicit debug server.
DEBUG = env.bool("DEBUG", default=False)

if not SECRET_KEY:
    # Generated on first run and kept under var/ (git-ignored), so sessions survive restarts.
    _key_file = VAR_DIR / "secret_key"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()

if DEBUG:
    # The debug server reads static files from the app folders, so edits show without collectstatic.
    STATIC_ROOT = None
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
# Otherwise whitenoise serves what bin/serve collected under var/static (base.STATIC_ROOT).

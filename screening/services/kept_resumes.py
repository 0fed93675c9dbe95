"""A resume file kept between two tries of the apply form, so an error elsewhere does not cost a second upload.

Browsers cannot refill a file input, so when the form comes back with an error (a missing consent box,
a mistyped address), the file already chosen is stored server-side under a generated name, and the
form carries a signed reference to it. The reference is short-lived (KEPT_SECONDS), tied to the
visitor's session (the session holds the storage name; the form's reference alone opens nothing) and
single-use (taking the file deletes it). Only a file that passes the upload checks is kept. Files left
behind by visitors who never come back are deleted by `kept_resumes_sweep` (after each keep, and daily).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from .applications import display_filename, resume_check

KEPT_SECONDS = 60 * 60
_FOLDER = "kept-resumes"
_SESSION_KEY = "kept_resume"
_SALT = "screening.kept_resume"


@dataclass(frozen=True)
class KeptResume:
    reference: str  # signed; goes into the form
    name: str  # the candidate's file name, cleaned for display


def kept_resume_store(*, session: SessionBase, name: str, data: bytes) -> KeptResume:
    """Keep an uploaded resume for this session (replacing any kept before); ValidationError if not acceptable."""
    resume_check(data=data, filename=name)  # a file we would refuse is not kept: its error shows now
    _discard(session)
    key = f"{_FOLDER}/{secrets.token_urlsafe(24)}"
    stored = default_storage.save(key, ContentFile(data))
    session[_SESSION_KEY] = {"key": stored, "name": display_filename(name)}
    kept_resumes_sweep()
    return KeptResume(signing.TimestampSigner(salt=_SALT).sign(stored), display_filename(name))


def kept_resume_peek(*, session: SessionBase, reference: str) -> KeptResume | None:
    """The kept resume this reference points to, if it is this session's, recent, and still there."""
    entry = _entry(session, reference)
    return KeptResume(reference, entry["name"]) if entry else None


def kept_resume_take(*, session: SessionBase, reference: str) -> tuple[str, bytes] | None:
    """The kept file's name and bytes, once: the file and the session's note of it are removed."""
    entry = _entry(session, reference)
    if entry is None:
        return None
    with default_storage.open(entry["key"], "rb") as handle:
        data = handle.read()
    _discard(session)
    return entry["name"], data


def kept_resume_discard(*, session: SessionBase) -> None:
    """Delete this session's kept file, if any (a new file was chosen and used instead)."""
    _discard(session)


def kept_resumes_sweep(*, older_than: timedelta = timedelta(seconds=KEPT_SECONDS)) -> int:
    """Delete kept files past their time (their references no longer open them); returns how many."""
    try:
        _, names = default_storage.listdir(_FOLDER)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    for name in names:
        path = f"{_FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
        except FileNotFoundError:  # taken or swept by another process meanwhile
            continue
    return removed


def _entry(session: SessionBase, reference: str) -> dict | None:
    entry = session.get(_SESSION_KEY)
    if not reference or not entry:
        return None
    try:
        key = signing.TimestampSigner(salt=_SALT).unsign(reference, max_age=KEPT_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if key != entry.get("key") or not default_storage.exists(key):
        return None
    return entry


def _discard(session: SessionBase) -> None:
    entry = session.pop(_SESSION_KEY, None)
    if entry and entry.get("key", "").startswith(f"{_FOLDER}/"):
        default_storage.delete(entry["key"])

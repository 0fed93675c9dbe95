"""A resume kept between tries of the apply form: session-bound, signed, short-lived, single-use."""
from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from screening import services
from screening.services import kept_resumes
from tests.filegen import make_pdf, sample_resume

PDF = make_pdf(sample_resume())


def test_kept_file_is_taken_once_by_its_own_session():
    session = SessionStore()
    kept = services.kept_resume_store(session=session, name="../../Ada CV.pdf", data=PDF)
    assert kept.name == "Ada_CV.pdf"
    assert services.kept_resume_peek(session=SessionStore(), reference=kept.reference) is None  # another visitor
    assert services.kept_resume_peek(session=session, reference=kept.reference) == kept
    assert services.kept_resume_take(session=session, reference=kept.reference) == ("Ada_CV.pdf", PDF)
    assert services.kept_resume_take(session=session, reference=kept.reference) is None  # single use


def test_references_are_signed_and_never_paths():
    session = SessionStore()
    kept = services.kept_resume_store(session=session, name="cv.pdf", data=PDF)
    key = session["kept_resume"]["key"]
    for forged in (key, key + ":forged", "resumes/someone-else.pdf", ""):
        assert services.kept_resume_take(session=session, reference=forged) is None
    assert services.kept_resume_take(session=session, reference=kept.reference) is not None


def test_references_expire(monkeypatch):
    session = SessionStore()
    kept = services.kept_resume_store(session=session, name="cv.pdf", data=PDF)
    monkeypatch.setattr(kept_resumes, "KEPT_SECONDS", -1)
    assert services.kept_resume_take(session=session, reference=kept.reference) is None


def test_a_file_we_would_refuse_is_not_kept():
    session = SessionStore()
    with pytest.raises(ValidationError):
        services.kept_resume_store(session=session, name="cv.pdf", data=b"<html><script>alert(1)</script></html>")
    assert "kept_resume" not in session


def test_keeping_another_file_deletes_the_first():
    session = SessionStore()
    services.kept_resume_store(session=session, name="a.pdf", data=PDF)
    first = session["kept_resume"]["key"]
    services.kept_resume_store(session=session, name="b.pdf", data=PDF)
    assert not default_storage.exists(first)


def test_the_sweep_deletes_abandoned_files_only():
    old = services.kept_resume_store(session=SessionStore(), name="old.pdf", data=PDF)
    fresh_session = SessionStore()
    fresh = services.kept_resume_store(session=fresh_session, name="new.pdf", data=PDF)
    old_key = default_storage.path(kept_resumes.signing.TimestampSigner(salt=kept_resumes._SALT).unsign(old.reference))
    past = time.time() - 2 * kept_resumes.KEPT_SECONDS
    os.utime(old_key, (past, past))
    assert services.kept_resumes_sweep(older_than=timedelta(seconds=kept_resumes.KEPT_SECONDS)) >= 1
    assert not os.path.exists(old_key)
    assert services.kept_resume_peek(session=fresh_session, reference=fresh.reference) == fresh

"""Applying: one transaction, processing enqueued on commit with ids only, bad files rejected cleanly."""
import pytest
from django.core.exceptions import ValidationError

from screening import services
from screening.models import Application, AuditEvent, Candidate, HeldSubmission, Resume
from screening.services.applications import display_filename
from tests.factories import JobFactory
from tests.filegen import make_docx, make_pdf, make_txt, sample_resume

pytestmark = pytest.mark.django_db


def submit(job, **overrides):
    kwargs = dict(
        job=job,
        name="Ada Lovelace",
        email="ada@example.com",
        resume_name="ada.txt",
        resume_data=make_txt(sample_resume()),
        consent=True,
    )
    kwargs.update(overrides)
    return services.application_submit(**kwargs)


def test_stores_everything_and_enqueues_on_commit(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("screening.tasks.resume_process.apply_async", lambda args, **kw: sent.append(args))
    job = JobFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application = submit(job)
    assert sent == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    resume = application.current_resume
    assert sent == [[resume.pk]]  # an id, never personal data
    assert resume.status == Resume.Status.RECEIVED
    assert resume.kind == "txt"
    assert resume.file.name.startswith("resumes/") and "ada" not in resume.file.name
    assert resume.original_name == "ada.txt"
    assert len(resume.sha256) == 64
    candidate = application.candidate
    assert candidate.consent_version and candidate.consent_at
    assert AuditEvent.objects.filter(action="application.submitted").count() == 1


@pytest.mark.parametrize(
    "name,data,fragment",
    [
        ("empty.pdf", b"", "empty"),
        ("page.pdf", b"<!doctype html><html><script>alert(1)</script></html>", ""),
        ("tool.pdf", b"MZ\x90\x00" + b"\x00" * 200, ""),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, ""),
    ],
)
def test_bad_files_store_nothing_and_enqueue_nothing(name, data, fragment, django_capture_on_commit_callbacks):
    job = JobFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(ValidationError) as err:
            submit(job, resume_name=name, resume_data=data)
    assert "resume" in err.value.message_dict
    assert fragment in " ".join(err.value.message_dict["resume"]).lower()
    assert callbacks == []
    assert Candidate.objects.count() == Application.objects.count() == Resume.objects.count() == 0


def test_too_large_is_rejected(settings):
    settings.SCREENING = {**settings.SCREENING, "MAX_UPLOAD_BYTES": 1000}
    with pytest.raises(ValidationError) as err:
        submit(JobFactory(), resume_data=make_txt("x " * 2000))
    assert "over the" in err.value.message_dict["resume"][0] and "limit" in err.value.message_dict["resume"][0]


def test_consent_is_required_on_the_web_form():
    with pytest.raises(ValidationError) as err:
        submit(JobFactory(), consent=False)
    assert "consent" in err.value.message_dict
    assert Resume.objects.count() == 0


def test_operator_imports_record_the_legal_basis():
    application = submit(JobFactory(), consent=False, source=Application.Source.IMPORT, email="")
    assert application.candidate.legal_basis == Candidate.LegalBasis.OPERATOR_IMPORT
    assert application.candidate.consent_at is None


def test_second_careers_page_application_by_same_email_is_held_apart():
    job = JobFactory()
    first = submit(job)
    second = submit(job, email="ADA@example.com", resume_name="ada-v2.pdf", resume_data=make_pdf(sample_resume()))
    assert isinstance(second, HeldSubmission) and second.candidate == first.candidate and second.kind == "pdf"
    assert Application.objects.count() == 1
    assert list(first.resumes.values_list("version", "kind")) == [(1, "txt")]


def test_second_trusted_application_by_same_email_adds_a_resume_version():
    job = JobFactory()
    first = submit(job)
    second = submit(
        job, email="ADA@example.com", resume_name="ada-v2.pdf", resume_data=make_pdf(sample_resume()), trusted=True
    )
    assert first.pk == second.pk
    assert Application.objects.count() == 1
    assert list(second.resumes.order_by("version").values_list("version", "kind")) == [(1, "txt"), (2, "pdf")]
    assert second.current_resume.version == 2


def test_docx_and_pdf_are_sniffed_from_bytes_not_names():
    job = JobFactory()
    app = submit(job, resume_name="cv.txt", resume_data=make_docx(sample_resume().splitlines()))
    assert app.current_resume.kind == "docx"
    app = submit(job, email="b@example.com", resume_name="cv", resume_data=make_pdf(sample_resume()))
    assert app.current_resume.kind == "pdf"


def test_closed_jobs_take_no_applications():
    with pytest.raises(ValidationError):
        submit(JobFactory(is_open=False))


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\cv.pdf", "cv.pdf"),
        ("cv\u202efdp.exe", "cvfdp.exe"),
        ("a\x00b\r\nc.pdf", "abc.pdf"),
        ("..", "resume"),
        ("", "resume"),
        ("x" * 300 + ".pdf", "x" * 100),
    ],
)
def test_display_filenames_are_sanitised(raw, expected):
    assert display_filename(raw) == expected


def test_the_candidate_gets_a_receipt_with_a_link_to_confirm_the_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(JobFactory(title="Data Engineer"))
    receipts = [m for m in mailoutbox if "confirm your application" in m.subject]
    assert len(receipts) == 1
    mail = receipts[0]
    assert mail.to == ["ada@example.com"]
    assert "/applications/confirm/" in mail.body and "/applications/confirm/" in mail.alternatives[0][0]
    assert application.status_token not in mail.body  # the browser's link is not the address's
    assert "Data Engineer" in mail.subject

"""Operator imports: resume files from disk go through the same path as the careers form."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from django.core.exceptions import ValidationError

from screening.models import Application, Job, Resume

from .applications import application_submit

RESUME_SUFFIXES = (".pdf", ".docx", ".txt")


@dataclass
class ImportReport:
    accepted: list[tuple[Path, Application]] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def resume_ids(self) -> list[int]:
        return [app.current_resume_id for _, app in self.accepted if app.current_resume_id is not None]


def resume_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Every PDF/DOCX/TXT file under the paths (sorted), and the paths that could not be used."""
    found: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RESUME_SUFFIXES))
        elif path.is_file():
            if path.suffix.lower() in RESUME_SUFFIXES:
                found.append(path)
            else:
                problems.append((path, "not a .pdf, .docx or .txt file"))
        else:
            problems.append((path, "no such file or directory"))
    return found, problems


def name_from_filename(path: Path) -> str:
    """A placeholder name until the resume is read ("jane_doe-cv.pdf" → "Jane Doe Cv")."""
    words = path.stem.replace("_", " ").replace("-", " ").split()
    return " ".join(w.capitalize() for w in words)[:200] or "Unnamed candidate"


def resumes_import(
    *, job: Job, files: list[Path], progress: Callable[[Path], None] | None = None
) -> ImportReport:
    report = ImportReport()
    known = set(Resume.objects.filter(application__job=job).values_list("sha256", flat=True))
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.rejected.append((path, f"cannot read: {exc.strerror or exc}"))
        else:
            digest = hashlib.sha256(data).hexdigest()
            if digest in known:
                report.rejected.append((path, "already imported for this job (same file content)"))
            else:
                try:
                    application = application_submit(
                        job=job,
                        name=name_from_filename(path),
                        email="",
                        resume_name=path.name,
                        resume_data=data,
                        source=Application.Source.IMPORT,
                    )
                except ValidationError as exc:
                    report.rejected.append((path, "; ".join(exc.messages)))
                else:
                    if not isinstance(application, Application):  # an import is trusted: never held
                        raise TypeError(f"an import was held: {path.name}")
                    known.add(digest)
                    report.accepted.append((path, application))
        if progress:
            progress(path)
    return report

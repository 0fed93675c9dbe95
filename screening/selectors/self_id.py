"""A candidate's own self-identification answers, for their private status page and nowhere else."""

from __future__ import annotations

from screening.models import Application, SelfIdentification


def own_answers(*, application: Application) -> SelfIdentification | None:
    """The answers given for this application, shown back only to the holder of its secret link."""
    return SelfIdentification.objects.filter(application=application).first()

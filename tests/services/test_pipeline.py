"""Pipeline services: stage moves with history, audit and email; bulk moves; notes; ratings; reveals;
CSV export; and the pure helpers they rest on (redaction spans, marked text, safe CSV cells)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from screening import selectors, services
from screening.blind import identity_spans, mask_text, merge_spans
from screening.exports import csv_text, safe_cell
from screening.models import Application, AuditEvent, Rating, StageChange
from screening.nlp.facts import Education, ResumeFacts, Section, TextSpan
from screening.presenters import Mark, locate, marked_text
from tests.factories import ApplicationFactory, JobFactory, recruiter

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita():
    return recruiter(username="rita")


@pytest.fixture
def sent(monkeypatch):
    """(application id, kind) of every candidate email queued, once the transaction commits."""
    queued = []
    monkeypatch.setattr("screening.tasks.candidate_email.apply_async", lambda args, **kw: queued.append(tuple(args)))
    return queued


def test_move_records_history_audit_and_emails_after_commit(rita, sent, django_capture_on_commit_callbacks):
    app = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.application_move(application=app, to_stage="screening", actor=rita)
    assert sent == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert sent == [(app.pk, "stage_changed")]
    app.refresh_from_db()
    assert app.stage == "screening" and app.stage_changed_at is not None
    change = StageChange.objects.get(application=app)
    assert (change.from_stage, change.to_stage, change.actor, change.by_candidate) == ("new", "screening", rita, False)
    event = AuditEvent.objects.get(action="application.stage_changed")
    assert event.data == {"from": "new", "to": "screening"} and event.actor == rita


def test_moving_to_the_same_stage_changes_nothing(rita, sent, django_capture_on_commit_callbacks):
    app = ApplicationFactory(stage="screening")
    with django_capture_on_commit_callbacks(execute=True):
        assert not services.application_move(application=app, to_stage="screening", actor=rita)
    assert sent == [] and not StageChange.objects.exists() and not AuditEvent.objects.exists()


def test_unknown_stage_is_refused(rita):
    with pytest.raises(ValidationError):
        services.application_move(application=ApplicationFactory(), to_stage="promoted", actor=rita)


def test_erased_candidates_cannot_be_moved_or_noted(rita):
    from django.utils import timezone

    app = ApplicationFactory()
    app.candidate.erased_at = timezone.now()
    app.candidate.save()
    with pytest.raises(ValidationError):
        services.application_move(application=app, to_stage="interview", actor=rita)
    with pytest.raises(ValidationError):
        services.note_add(application=app, author=rita, body="hello")
    assert services.applications_move(job=app.job, public_ids=[app.public_id], to_stage="interview", actor=rita) == 0


def test_bulk_move_only_touches_the_jobs_applications(rita, sent, django_capture_on_commit_callbacks):
    job = JobFactory()
    mine = [ApplicationFactory(job=job) for _ in range(3)]
    already = ApplicationFactory(job=job, stage="screening")
    other = ApplicationFactory()
    ids = [a.public_id for a in (*mine, already, other)]
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.applications_move(job=job, public_ids=ids, to_stage="screening", actor=rita)
    assert moved == 3
    assert set(Application.objects.filter(job=job).values_list("stage", flat=True)) == {"screening"}
    other.refresh_from_db()
    assert other.stage == "new"
    assert sorted(pk for pk, _ in sent) == sorted(a.pk for a in mine)
    assert StageChange.objects.count() == 3


def test_bulk_move_bounds(rita):
    job = JobFactory()
    with pytest.raises(ValidationError):
        services.applications_move(job=job, public_ids=[], to_stage="screening", actor=rita)
    import uuid

    with pytest.raises(ValidationError):
        services.applications_move(
            job=job, public_ids=[uuid.uuid4() for _ in range(501)], to_stage="screening", actor=rita
        )


def test_notes_are_stripped_validated_and_audited_without_their_text(rita):
    app = ApplicationFactory()
    note = services.note_add(application=app, author=rita, body="  Great open-source work.  ")
    assert note.body == "Great open-source work."
    event = AuditEvent.objects.get(action="note.added")
    assert event.data == {"note_id": note.pk} and "open-source" not in str(event.data)
    with pytest.raises(ValidationError):
        services.note_add(application=app, author=rita, body="   ")


def test_one_rating_per_recruiter_one_to_five(rita):
    app = ApplicationFactory()
    first = services.rating_set(application=app, author=rita, stars=3)
    second = services.rating_set(application=app, author=rita, stars=5)
    assert first.pk == second.pk and Rating.objects.get().stars == 5
    services.rating_set(application=app, author=recruiter(username="omar"), stars=1)
    assert selectors.rating_summaries(application_ids=[app.pk]) == {app.pk: (3.0, 2)}
    for bad in (6, -1):
        with pytest.raises(ValidationError):
            services.rating_set(application=app, author=rita, stars=bad)
    assert services.rating_set(application=app, author=rita, stars=None) is None
    assert list(Rating.objects.values_list("author__username", flat=True)) == ["omar"]


def test_reveal_only_when_hidden_and_always_on_record(rita):
    blind = ApplicationFactory(job=JobFactory(blind_review=True))
    open_job = ApplicationFactory()
    assert not services.application_reveal(application=open_job, actor=rita)
    assert services.application_reveal(application=blind, actor=rita)
    assert not services.application_reveal(application=blind, actor=rita)
    blind.refresh_from_db()
    assert blind.identity_revealed
    assert list(AuditEvent.objects.values_list("action", "object_id")) == [
        ("application.identity_revealed", str(blind.public_id))
    ]


def test_export_csv_columns_blind_rows_and_audit(rita):
    job = JobFactory(blind_review=True)
    hidden = ApplicationFactory(job=job, candidate__name="Hana Hidden", candidate__phone="+44 1")
    shown = ApplicationFactory(job=job, candidate__name="@SUM(A1)", stage="interview")
    content = services.applications_export(
        job=job,
        applications=selectors.applications_by_public_ids(job=job, public_ids=[hidden.public_id, shown.public_id]),
        actor=rita,
    )
    assert content.startswith("\ufeff") and "\r\n" in content
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))
    by_id = {r["application_id"]: r for r in rows}
    assert by_id[str(hidden.public_id)]["candidate"].startswith("Candidate ")
    assert by_id[str(hidden.public_id)]["email"] == by_id[str(hidden.public_id)]["phone"] == ""
    assert "Hana" not in content
    assert by_id[str(shown.public_id)]["candidate"] == "'@SUM(A1)"
    assert by_id[str(shown.public_id)]["stage"] == "Interview"
    assert by_id[str(shown.public_id)]["processing_status"] == "received"
    event = AuditEvent.objects.get(action="applications.exported")
    assert event.data["count"] == 2 and set(event.data["application_ids"]) == set(by_id)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+2", "'=1+2"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\r=x", "'\r=x"),
        ("＝1", "'＝1"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (None, ""),
        (3, "3"),
        (-1.5, "-1.5"),
        (True, "yes"),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_text_round_trips_through_a_csv_reader():
    content = csv_text(["name", "note"], [['Ann, "The" Analyst', "line\nbreak"], ["=cmd", 7]])
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows == [["name", "note"], ['Ann, "The" Analyst', "line\nbreak"], ["'=cmd", "7"]]


# --- Redaction and marking: pure functions ------------------------------------------------------

RESUME = (
    "Zoe Quill\nzoe.q@example.org | (555) 123-4567 | https://zoequill.dev\n12 Harbour Street, Leith EH6 6AA\n\n"
    "Experience\nData Engineer, Acme Corp, 2019 - 2023 (48 months)\nBuilt Spark pipelines. Zoe led the rollout.\n\n"
    "Education\nB.Sc. Physics, Heriot-Watt University, 2014 - 2018\n"
)


def facts_for(text: str) -> ResumeFacts:
    def span(s: str) -> TextSpan:
        i = text.index(s)
        return TextSpan(s, i, i + len(s))

    edu_start = text.index("B.Sc.")
    return ResumeFacts(
        name=span("Zoe Quill"),
        emails=(span("zoe.q@example.org"),),
        sections=(
            Section("header", 0, text.index("Experience")),
            Section("experience", text.index("Experience"), text.index("Education")),
            Section("education", text.index("Education"), len(text)),
        ),
        education=(
            Education(
                degree=span("B.Sc."),
                level="bachelor",
                field=span("Physics"),
                institution=span("Heriot-Watt University"),
                year=2018,
                year_span=span("2018"),
                start=edu_start,
                end=len(text) - 1,
            ),
        ),
    )


def test_identity_spans_cover_contact_address_names_institutions_and_graduation_years():
    masked = mask_text(RESUME, identity_spans(RESUME, facts_for(RESUME), names=["Zoe Quill"]))
    for secret in ("Zoe", "Quill", "zoe.q@", "555", "zoequill.dev", "Harbour", "EH6", "Heriot-Watt", "2014", "2018"):
        assert secret not in masked, secret
    # The work history stays readable, dates included.
    for kept in ("Data Engineer, Acme Corp, 2019 - 2023 (48 months)", "Built Spark pipelines.", "B.Sc. Physics"):
        assert kept in masked, kept
    assert masked.count("\n") == RESUME.count("\n")  # masks keep the line structure


def test_identity_spans_without_facts_still_catch_contact_shapes():
    # Without sections the first lines count as the header, where addresses live.
    text = (
        "Sam\nsam@example.com\n+1 415 555 0100\n1 Main St\n\n"
        "Profile\nEngineer.\nWorked 2015 - 2020 at Initech; see linkedin.com/in/sam."
    )
    masked = mask_text(text, identity_spans(text, None, names=["Sam"]))
    for secret in ("sam@", "555 0100", "linkedin", "Sam", "Main St"):
        assert secret not in masked, secret
    assert "Worked 2015 - 2020 at Initech; see █████" in masked


def test_merge_spans():
    assert merge_spans([(5, 7), (0, 2), (1, 3), (7, 9), (4, 4)]) == [(0, 3), (5, 9)]


def test_marked_text_escapes_marks_and_masks():
    text = "Hi <Zoe> & used PyTorch daily"
    start = text.index("PyTorch")
    html = str(marked_text(text, [Mark(start, start + 7, "ev-dl-0"), Mark(start, len(text), "ev-x-0")], [(3, 8)]))
    assert "<Zoe>" not in html and "Zoe" not in html
    assert "&amp;" in html and "█████" in html
    assert '<span class="ev-anchor" id="ev-dl-0"></span>' in html
    assert '<mark class="ev" data-ev="ev-dl-0 ev-x-0">PyTorch</mark>' in html
    assert '<mark class="ev" data-ev="ev-x-0"> daily</mark>' in html


def test_locate_prefers_offsets_then_searches():
    text = "alpha beta gamma beta"
    assert locate(text, "beta", 17, 21) == (17, 21)
    assert locate(text, "beta", 0, 4) == (6, 10)  # stale offsets: first occurrence
    assert locate(text, "delta", 0, 5) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the count budget applies on PostgreSQL only")
def test_a_slow_count_gives_up_within_its_budget_and_leaves_the_connection_usable():
    ApplicationFactory()
    from django.db import connection as conn
    from django.db.models.expressions import RawSQL

    slow = Application.objects.filter(pk__in=RawSQL("SELECT id FROM screening_application, pg_sleep(0.5)", []))
    assert selectors._count_within(slow, 50) is None
    assert selectors._count_within(Application.objects.all(), 5000) == 1
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        assert cursor.fetchone()[0] in {"0", "0ms"}
    assert Application.objects.count() == 1


def test_bars_svg_draws_one_labelled_bar_per_category_escaped():
    from screening.presenters import CategoryBar, bars_svg

    svg = str(bars_svg([CategoryBar("a", "R&D <lab>", 3.0, 4.0), CategoryBar("b", "Other", 0.0, 2.0)]))
    assert svg.count('class="bar-fg"') == 2
    assert 'width="75"' in svg and 'width="0"' in svg
    assert "R&amp;D &lt;lab&gt;" in svg and "<lab>" not in svg
    # each category's name and points are text beside its bar, not only a tooltip
    assert '<span class="cat-label" title="Other">Other</span>' in svg
    assert '<span class="cat-value">3<span class="muted">/4</span></span>' in svg
    assert str(bars_svg([])) == ""
    # a short name where the column is narrow, the full one as its tooltip
    short = str(bars_svg([CategoryBar("m", "Mathematics and statistics", 1.0, 2.0, "Maths & statistics")]))
    assert '<span class="cat-label" title="Mathematics and statistics">Maths &amp; statistics</span>' in short

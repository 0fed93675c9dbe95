"""Reads for the bias audit: the sample of one job (scores, self-identification, selection), the impact
ratios a draft profile would give, and the record of human oversight.

Only the audit reads self-identification, and it returns counts: no function here returns a person's
answers. Scores are the stored totals (Score rows), whatever formula produced them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from screening import fairness, scoring
from screening.models import (
    Application,
    CompetencyEvidence,
    Job,
    OversightRecord,
    ParseResult,
    ProfileVersion,
    Resume,
    Score,
    SelfIdentification,
    StageChange,
)
from screening.nlp import matching
from screening.nlp.facts import ResumeFacts
from screening.services.scores import version_spec
from screening.services.taxonomy import taxonomy_file

# "Selected": moved past the first stage by the hiring team, at any time (a later rejection does not undo
# having been selected for screening or interview).
ADVANCED_STAGES = (
    Application.Stage.SCREENING,
    Application.Stage.INTERVIEW,
    Application.Stage.OFFER,
    Application.Stage.HIRED,
)
# A draft that matches resumes differently needs every resume matched again to place the median; past
# this many the preview says so instead of holding up the page (publishing re-matches everyone).
DRAFT_REMATCH_LIMIT = 2_000


def _answer(column: str) -> Subquery:
    return Subquery(SelfIdentification.objects.filter(application_id=OuterRef("application_id")).values(column)[:1])


def jobs_for_audit() -> QuerySet[Job]:
    """Jobs with how many applications they have and how many of those carry self-identification."""
    answered = SelfIdentification.objects.filter(application__job=OuterRef("pk")).order_by().values("application__job")
    return (
        Job.objects.select_related("profile__published_version")
        .annotate(
            applications_count=Count("applications"),
            self_id_count=Subquery(answered.annotate(n=Count("pk")).values("n")[:1]),
        )
        .order_by("-is_open", "title")
    )


def audit_versions(*, job: Job) -> QuerySet[ProfileVersion]:
    """The job's profile versions, newest first, with how many of the job's applications each has scores for
    (old versions' scores are pruned after a publish; those have none left to audit)."""
    return job.profile.versions.annotate(
        scored=Count("scores", filter=Q(scores__application__job=job))
    ).order_by("-number")


@dataclass(frozen=True)
class JobAudit:
    job: Job
    version: ProfileVersion | None
    since: datetime.date | None
    until: datetime.date | None
    result: fairness.AuditResult
    applications: int  # applied in the date range
    human_review: int  # of those, left to a person without the ranking: never scored, not in the audit
    generated_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def not_scored(self) -> int:
        """Applications in the range with no score under the version (unread, unreadable, or re-scoring)."""
        return self.applications - self.human_review - self.result.applicants

    def to_dict(self) -> dict:
        return self.result.to_dict(job=self.job.slug)


def applications_in_range(
    *, job: Job, since: datetime.date | None = None, until: datetime.date | None = None
) -> QuerySet[Application]:
    """The job's applications made between the two dates (inclusive, in the site's time zone); one merged
    into another is the same person, counted once."""
    apps = Application.objects.filter(job=job, merged_at__isnull=True)
    if since is not None:
        apps = apps.filter(created_at__date__gte=since)
    if until is not None:
        apps = apps.filter(created_at__date__lte=until)
    return apps


def job_bias_audit(
    *,
    job: Job,
    version: ProfileVersion | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> JobAudit:
    """The audit of the job's applications in the date range scored under `version` (default: the one the
    ranked list reads, which is the published one once its re-score run has finished): one pass over their
    scores with each one's answers and whether they were selected."""
    version = version or job.ranking_version
    apps = applications_in_range(job=job, since=since, until=until)
    sexes, races, scores, selected = [], [], [], []
    if version is not None:
        advanced = StageChange.objects.filter(application_id=OuterRef("application_id"), to_stage__in=ADVANCED_STAGES)
        rows = (
            Score.objects.filter(profile_version=version, application__in=apps)
            .annotate(sex=_answer("sex"), race=_answer("race_ethnicity"), advanced=Exists(advanced))
            .values_list("total", "sex", "race", "advanced", "application__stage")
        )
        for total, sex, race, was_advanced, stage in rows.iterator(chunk_size=5_000):
            scores.append(total)
            sexes.append(sex)
            races.append(race)
            selected.append(was_advanced or stage in ADVANCED_STAGES)
    counts = apps.aggregate(total=Count("pk"), human=Count("pk", filter=Q(human_review=True)))
    return JobAudit(
        job=job,
        version=version,
        since=since,
        until=until,
        result=fairness.bias_audit(sexes=sexes, races=races, scores=scores, selected=selected),
        applications=counts["total"],
        human_review=counts["human"],
    )


# --- The profile preview: impact ratios under the draft beside the published version --------------


@dataclass(frozen=True)
class DraftImpact:
    published: fairness.AuditResult | None  # None when nothing is published yet
    draft: fairness.AuditResult | None  # None when too many resumes would need matching again
    processed: int
    self_identified: int


def draft_impact(*, job: Job, draft: scoring.ProfileSpec) -> DraftImpact | None:
    """Scoring rates and impact ratios of the job's ranked applications under the published version and
    under the draft; None when none of the job's applications carries self-identification."""
    if not SelfIdentification.objects.filter(application__job=job).exists():
        return None
    rows = list(
        Application.objects.filter(
            job=job,
            human_review=False,
            merged_at__isnull=True,
            current_resume__status=Resume.Status.PROCESSED,
            current_resume__parse__isnull=False,
        )
        .annotate(sex=_answer_of_application("sex"), race=_answer_of_application("race_ethnicity"))
        .values_list("pk", "current_resume__parse_id", "sex", "race")
        .order_by("pk")
    )
    version = job.profile.published_version
    published = None
    if version is not None:
        totals = dict(
            Score.objects.filter(profile_version=version, application__job=job, application__human_review=False)
            .values_list("application_id", "total")
        )
        scored = [r for r in rows if r[0] in totals]
        published = _scoring_only([r[2] for r in scored], [r[3] for r in scored], [totals[r[0]] for r in scored])
    same_matching = version is not None and matching.match_signature(version_spec(version)) == matching.match_signature(draft)
    draft_result = None
    if same_matching or len(rows) <= DRAFT_REMATCH_LIMIT:
        packed = _packed_evidence([r[1] for r in rows], version if same_matching else None, draft)
        totals_draft = scoring.score_arrays([packed[r[1]] for r in rows], draft).totals.tolist() if rows else []
        draft_result = _scoring_only([r[2] for r in rows], [r[3] for r in rows], totals_draft)
    return DraftImpact(
        published=published,
        draft=draft_result,
        processed=len(rows),
        self_identified=sum(1 for r in rows if r[2] is not None),
    )


def _answer_of_application(column: str) -> Subquery:
    return Subquery(SelfIdentification.objects.filter(application_id=OuterRef("pk")).values(column)[:1])


def _scoring_only(sexes: list, races: list, totals: list) -> fairness.AuditResult:
    return fairness.bias_audit(sexes=sexes, races=races, scores=totals, selected=[False] * len(totals))


def _packed_evidence(parse_ids: list[int], version: ProfileVersion | None, draft: scoring.ProfileSpec) -> dict:
    """Packed competency evidence per parse under the draft: stored when the draft matches like the
    published version, else matched again from the stored text (in memory; nothing is written)."""
    packed = {}
    if version is not None:
        packed = dict(
            CompetencyEvidence.objects.filter(parse_id__in=parse_ids, signature=version.match_signature).values_list(
                "parse_id", "packed"
            )
        )
    missing = [p for p in parse_ids if p not in packed]
    taxonomy = taxonomy_file() if missing else None
    for parse in ParseResult.objects.filter(pk__in=missing).only("pk", "text", "facts", "created_at"):
        packed[parse.pk] = matching.match(
            parse.text, ResumeFacts.from_dict(parse.facts), draft, today=parse.created_at.date(), taxonomy_path=taxonomy
        ).pack()
    return packed


# --- The record of human oversight --------------------------------------------------------------------


@dataclass(frozen=True)
class OversightSummary:
    ranking_views: int
    viewers: int
    application_views: int
    decisions: int
    deciders: int
    decisions_by_stage: dict[str, int]
    human_review_decisions: int


def oversight_records(
    *, job: Job, since: datetime.date | None = None, until: datetime.date | None = None
) -> QuerySet[OversightRecord]:
    records = OversightRecord.objects.filter(job=job)
    if since is not None:
        records = records.filter(at__date__gte=since)
    if until is not None:
        records = records.filter(at__date__lte=until)
    return records


def oversight_summary(
    *, job: Job, since: datetime.date | None = None, until: datetime.date | None = None
) -> OversightSummary:
    records = oversight_records(job=job, since=since, until=until)
    A = OversightRecord.Action
    totals = records.aggregate(
        ranking_views=Count("pk", filter=Q(action=A.RANKING_VIEWED)),
        viewers=Count("actor", filter=Q(action=A.RANKING_VIEWED), distinct=True),
        application_views=Count("pk", filter=Q(action=A.APPLICATION_VIEWED)),
        decisions=Count("pk", filter=Q(action=A.STAGE_DECIDED)),
        deciders=Count("actor", filter=Q(action=A.STAGE_DECIDED), distinct=True),
        human_review_decisions=Count("pk", filter=Q(action=A.STAGE_DECIDED, data__human_review=True)),
    )
    by_stage = dict(
        records.filter(action=A.STAGE_DECIDED).order_by().values_list("to_stage").annotate(n=Count("pk"))
    )
    return OversightSummary(decisions_by_stage=by_stage, **totals)


OVERSIGHT_COLUMNS = (
    "at", "action", "user_id", "job", "profile_version", "application_id", "from_stage", "to_stage", "detail"
)


def oversight_rows(*, job: Job, since: datetime.date | None = None, until: datetime.date | None = None):
    """The record as rows of ids (for the CSV): the application's public id, the version's number."""
    public_ids = dict(Application.objects.filter(job=job).values_list("pk", "public_id"))
    numbers = dict(ProfileVersion.objects.filter(profile=job.profile).values_list("pk", "number"))
    for r in oversight_records(job=job, since=since, until=until).order_by("at", "id").iterator(chunk_size=2_000):
        detail = {k: v for k, v in r.data.items() if k != "shown"}
        if "shown" in r.data:
            detail["shown"] = " ".join(r.data["shown"])
        yield [
            timezone.localtime(r.at).isoformat(timespec="seconds"),
            r.action,
            r.actor_id,
            job.slug,
            numbers.get(r.profile_version_id) if r.profile_version_id is not None else None,
            str(public_ids[r.application_id]) if r.application_id in public_ids else "",
            r.from_stage,
            r.to_stage,
            "; ".join(f"{k}={v}" for k, v in sorted(detail.items())),
        ]

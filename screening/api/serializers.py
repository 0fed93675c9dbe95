"""Input validation for the API's writes and filters, and the shapes of its answers (for the OpenAPI schema)."""

from __future__ import annotations

from rest_framework import serializers

from screening.forms.careers import phone_check
from screening.forms.recruiter import STATUS_LABELS
from screening.models import Application, Candidate, Job, RejectionEmail, RejectionReason
from screening.nlp.facts import EDUCATION_LEVELS
from screening.selectors import SORTS
from screening.services.applications import resume_size_check

MAX_PAGE_SIZE = 100

# --- Input ---------------------------------------------------------------------------------------


class RankingQuerySerializer(serializers.Serializer):
    """The web list's filters, search and sort, with the same names, plus the cursor."""

    q = serializers.CharField(required=False, max_length=200, help_text="Full-text search of the resumes.")
    min_score = serializers.FloatField(required=False, min_value=0, max_value=100)
    must_haves = serializers.BooleanField(required=False, help_text="Only applications meeting every must-have.")
    skill = serializers.CharField(required=False, max_length=80, help_text="A taxonomy skill id, name or alias.")
    degree = serializers.ChoiceField(required=False, choices=list(EDUCATION_LEVELS), help_text="Degree at least.")
    min_months = serializers.IntegerField(required=False, min_value=0, max_value=1200)
    stage = serializers.ChoiceField(required=False, choices=Application.Stage.choices)
    status = serializers.ChoiceField(required=False, choices=list(STATUS_LABELS))
    sort = serializers.ChoiceField(required=False, choices=list(SORTS), default="score")
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=50)
    cursor = serializers.CharField(required=False, max_length=200, help_text="From `next` or `previous`.")


class ApplicationSubmitSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    resume = serializers.FileField(help_text="PDF, DOCX or TXT, as on the careers page.")
    legal_basis = serializers.ChoiceField(
        choices=Candidate.LegalBasis.choices,
        help_text="Why you may send us this person's data: `consent` (you collected it) or another basis you answer for.",
    )
    consent_version = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="Your consent text's version, with `consent`.",
    )

    def validate_phone(self, value: str) -> str:
        return phone_check(value)  # the careers form's rule and message

    def validate_resume(self, upload):
        # Checked before the file is read into memory, as the careers form does; the service checks the bytes.
        resume_size_check(upload.size)
        return upload


class StageMoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Application.Stage.choices)
    reason = serializers.ChoiceField(
        choices=RejectionReason.choices,
        required=False,
        default="",
        help_text="Why, when the stage is `rejected` (required then). The candidate's email waits out the undo window.",
    )
    email_template = serializers.ChoiceField(
        choices=RejectionEmail.choices,
        required=False,
        default=RejectionEmail.STANDARD,
        help_text="When the stage is `rejected`: which fixed rejection message the candidate's email carries.",
    )


class NoteSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)


class ParseSerializer(serializers.Serializer):
    resume = serializers.FileField(help_text="PDF, DOCX or TXT.")

    def validate_resume(self, upload):
        resume_size_check(upload.size)
        return upload


class ProfileDraftSerializer(serializers.Serializer):
    settings = serializers.DictField(
        required=False,
        default=dict,
        help_text="Any of education_weight, education_levels, education_fields, "
        "experience_weight, experience_target_months, experience_min_months, must_have_factor.",
    )
    competencies = serializers.ListField(
        child=serializers.DictField(),
        help_text="Each with a `key` and any of name, category, weight, must_have, "
        "min_months, skills, synonyms, signals; keys not listed are removed.",
    )

    def validate_competencies(self, competencies):
        for competency in competencies:
            if not isinstance(competency.get("key"), str) or not competency["key"].strip():
                raise serializers.ValidationError("Every competency needs a `key` (text).")
        return competencies


# --- Output (documents the dicts of screening.api.representations) --------------------------------


class SalaryOut(serializers.Serializer):
    min = serializers.IntegerField(allow_null=True, help_text="Lowest pay of the range; null: \"up to\" max.")
    max = serializers.IntegerField(allow_null=True, help_text="Highest pay; null: \"from\" min.")
    currency = serializers.CharField(help_text="ISO 4217 code.")
    period = serializers.ChoiceField(choices=Job.SalaryPeriod.choices)


class JobOut(serializers.Serializer):
    slug = serializers.CharField()
    id = serializers.UUIDField()
    title = serializers.CharField()
    description = serializers.CharField(help_text="Plain text: blank lines between paragraphs, \"- \" list items.")
    company = serializers.CharField()
    location = serializers.CharField()
    employment_type = serializers.ChoiceField(choices=Job.EmploymentType.choices, allow_null=True)
    salary = SalaryOut(allow_null=True)
    is_open = serializers.BooleanField()
    blind_review = serializers.BooleanField()
    profile = serializers.CharField()
    profile_version = serializers.IntegerField(allow_null=True)


class CandidateOut(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a response field named as in the JSON; the stubs type the base attribute
    hidden = serializers.BooleanField(help_text="Blind review: identity hidden.")
    erased = serializers.BooleanField()
    name = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    phone = serializers.CharField(allow_null=True)


class ApplicationRowOut(serializers.Serializer):
    id = serializers.UUIDField()
    rank = serializers.IntegerField(allow_null=True)
    candidate = CandidateOut()
    applied_at = serializers.DateTimeField()
    stage = serializers.ChoiceField(choices=Application.Stage.choices)
    status = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    must_haves_met = serializers.BooleanField(allow_null=True)
    missing_must_haves = serializers.ListField(child=serializers.CharField())
    flags = serializers.ListField(child=serializers.CharField())


class RankingPageOut(serializers.Serializer):
    count = serializers.IntegerField(allow_null=True, help_text="Null when counting would have been slow.")
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = ApplicationRowOut(many=True)


class EvidenceOut(serializers.Serializer):
    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    section = serializers.CharField()


class CompetencyScoreOut(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    earned = serializers.FloatField()
    possible = serializers.FloatField()
    strength = serializers.FloatField()
    placement = serializers.CharField()
    months = serializers.IntegerField()
    last_used = serializers.IntegerField(allow_null=True)
    must_have = serializers.BooleanField()
    below_min_months = serializers.BooleanField()
    evidence = EvidenceOut(many=True)


class ScoreOut(serializers.Serializer):
    total = serializers.FloatField()
    must_haves_met = serializers.BooleanField()
    missing_must_haves = serializers.ListField(child=serializers.CharField())
    flags = serializers.ListField(child=serializers.CharField())
    profile_version = serializers.IntegerField()
    competencies = CompetencyScoreOut(many=True)


class ApplicationOut(serializers.Serializer):
    id = serializers.UUIDField()
    job = serializers.CharField()
    candidate = CandidateOut()
    applied_at = serializers.DateTimeField()
    stage = serializers.ChoiceField(choices=Application.Stage.choices)
    stage_changed_at = serializers.DateTimeField(allow_null=True)
    human_review = serializers.BooleanField()
    status = serializers.CharField()
    error = serializers.CharField(allow_null=True)
    score = ScoreOut(allow_null=True)
    facts = serializers.JSONField(allow_null=True, help_text="As `parse_resume --json` prints them.")
    text = serializers.CharField(allow_null=True, help_text="The resume text the offsets point into.")


class ApplicationCreatedOut(serializers.Serializer):
    id = serializers.UUIDField()
    job = serializers.CharField()
    stage = serializers.CharField()
    status = serializers.CharField()
    resume_version = serializers.IntegerField()


class StageMovedOut(serializers.Serializer):
    id = serializers.UUIDField()
    stage = serializers.CharField()
    moved = serializers.BooleanField()


class NoteOut(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField()
    author = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()


class ProblemOut(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)  # type: ignore[assignment]  # a response field named as in the JSON; the stubs type the base attribute


class StageRefusedOut(ProblemOut):
    """A stage move the stage rules refuse: where the application is and where it may go."""

    stage = serializers.CharField()
    allowed = serializers.ListField(
        child=serializers.CharField(), help_text="The stages it may move to (empty: the process is over)."
    )

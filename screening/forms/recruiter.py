"""Forms of the recruiter workspace: input validation only."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError

from screening import stages
from screening.models import Application, CorrectionRequest, Note, RejectionEmail, RejectionReason, Resume
from screening.nlp.facts import EDUCATION_LEVELS
from screening.presenters import LEVEL_LABELS
from screening.selectors import SORTS, RankingFilters

SORT_LABELS = {"score": "Best score first", "date": "Newest first", "name": "Name (A–Z)"}
STATUS_LABELS: dict[str, str] = {
    Resume.Status.RECEIVED: "Received",
    Resume.Status.PROCESSING: "Processing",
    Resume.Status.PROCESSED: "Processed",
    Resume.Status.NEEDS_REVIEW: "Needs review",
    Resume.Status.FAILED: "Failed",
}
# The filter parameters, in the order the summary of active filters lists them.
FILTER_PARAMS = (
    "q", "min_score", "must_haves", "skill", "degree", "min_months", "stage", "status", "corrections", "duplicates"
)


class RankingFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        label="Search resumes",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": 'e.g. pytorch "computer vision" -intern'}),
    )
    min_score = forms.FloatField(
        required=False, min_value=0, max_value=100, label="Min. score", widget=forms.NumberInput(attrs={"step": "any"})
    )
    must_haves = forms.BooleanField(required=False, label="Must-haves met")
    skill = forms.CharField(
        required=False, max_length=80, label="Has skill", widget=forms.TextInput(attrs={"list": "skill-options"})
    )
    degree = forms.ChoiceField(
        required=False,
        label="Degree at least",
        choices=[("", "Any")] + [(lvl, LEVEL_LABELS[lvl]) for lvl in EDUCATION_LEVELS],
    )
    min_months = forms.IntegerField(required=False, min_value=0, max_value=1200, label="Min. months experience")
    stage = forms.ChoiceField(
        required=False, label="Stage", choices=[("", "Any stage")] + list(Application.Stage.choices)
    )
    status = forms.ChoiceField(
        required=False, label="Processing", choices=[("", "Any status")] + list(STATUS_LABELS.items())
    )
    corrections = forms.BooleanField(required=False, label="Waiting corrections")
    duplicates = forms.BooleanField(required=False, label="Possible duplicates")
    sort = forms.ChoiceField(required=False, label="Sort by", choices=[(s, SORT_LABELS[s]) for s in SORTS])

    def filters(self, skill_id: str = "", skill_family: tuple[str, ...] = ()) -> RankingFilters:
        """The valid filters (an invalid field is ignored rather than emptying the list)."""
        if not self.is_bound:
            return RankingFilters(skill=skill_id, skill_family=skill_family)
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return RankingFilters(
            q=data.get("q") or "",
            min_score=data.get("min_score"),
            must_haves_met=bool(data.get("must_haves")),
            skill=skill_id,
            skill_family=skill_family,
            degree_level=data.get("degree") or "",
            min_months=data.get("min_months"),
            stage=data.get("stage") or "",
            status=data.get("status") or "",
            corrections=bool(data.get("corrections")),
            duplicates=bool(data.get("duplicates")),
            sort=data.get("sort") or "score",
        )

    def active(self) -> list[tuple[str, str]]:
        """(parameter, description) of each filter in use, for the removable chips above the list."""
        if not self.is_bound:
            return []
        self.is_valid()
        data = self.cleaned_data
        shown = []
        for name in FILTER_PARAMS:
            value = data.get(name)
            if name in self.errors or value in (None, "", False):
                continue
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                value = dict(field.choices).get(value, value)  # type: ignore[arg-type]  # (flat pairs on these fields)
            elif isinstance(field, forms.BooleanField):
                value = ""
            elif isinstance(value, float):
                value = f"{value:g}"
            shown.append((name, f"{field.label}: {value}" if value != "" else str(field.label)))
        return shown


class PublicIdsField(forms.Field):
    """Several application public ids from repeated inputs (checkboxes, ?ids=…&ids=…)."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, max_count: int, min_count: int = 1, **kwargs):
        self.max_count, self.min_count = max_count, min_count
        super().__init__(**kwargs)

    def to_python(self, value) -> list[uuid.UUID]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        ids = []
        for item in value:
            try:
                ids.append(uuid.UUID(str(item)))
            except ValueError:
                raise ValidationError("Unknown candidate.", code="invalid") from None
        return list(dict.fromkeys(ids))

    def validate(self, value) -> None:
        super().validate(value)
        if len(value) < self.min_count:
            raise ValidationError(
                "Select at least one candidate."
                if self.min_count == 1
                else f"Select at least {self.min_count} candidates.",
                code="too_few",
            )
        if len(value) > self.max_count:
            raise ValidationError(f"Select at most {self.max_count} candidates.", code="too_many")


REASON_CHOICES = [("", "Choose a reason…")] + list(RejectionReason.choices)


class BulkActionForm(forms.Form):
    ACTIONS = [("move", "Move"), ("reject", "Reject"), ("export", "Export CSV"), ("compare", "Compare")]

    action = forms.ChoiceField(choices=ACTIONS)
    ids = PublicIdsField(max_count=500)
    to_stage = forms.ChoiceField(
        required=False,
        label="Move to",
        choices=[("", "Move to…")] + [(s, Application.Stage(s).label) for s in stages.BULK_TARGETS],
    )
    # A bulk rejection is asked twice: first the count and the reason, then `confirmed` with both.
    reason = forms.ChoiceField(required=False, label="Reason for the rejection", choices=REASON_CHOICES)
    email_template = forms.ChoiceField(
        required=False,
        label="Email to the candidates",
        choices=RejectionEmail.choices,
        initial=RejectionEmail.STANDARD,
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean(self):
        super().clean()
        data = self.cleaned_data  # the dict the base clean() returns (its stubs allow None)
        action = data.get("action")
        if action == "move" and not data.get("to_stage"):
            self.add_error("to_stage", "Choose the stage to move them to.")
        if action == "reject" and data.get("confirmed") and not data.get("reason"):
            self.add_error("reason", "Choose the reason for the rejection.")
        if not data.get("email_template"):
            data["email_template"] = RejectionEmail.STANDARD
        if action == "compare" and data.get("ids") and not 2 <= len(data["ids"]) <= CompareForm.MAX:
            self.add_error("ids", f"Compare 2 to {CompareForm.MAX} candidates.")
        return data


class CompareForm(forms.Form):
    MAX = 4
    ids = PublicIdsField(min_count=2, max_count=MAX)


class StageForm(forms.Form):
    """A move from the candidate page. Built with the application's stage, it offers only the moves the
    stage rules allow (rejecting has its own form, with the reason); the service checks them again."""

    to_stage = forms.ChoiceField(label="Move to stage", choices=Application.Stage.choices)

    def __init__(self, *args, stage: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if stage is not None:
            field = self.fields["to_stage"]
            field.choices = [  # type: ignore[attr-defined]  # a ChoiceField, declared above
                (s, Application.Stage(s).label) for s in stages.team_moves(stage) if s != Application.Stage.REJECTED
            ]


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label="Reason", choices=REASON_CHOICES)
    email_template = forms.ChoiceField(
        required=False, label="Email to the candidate", choices=RejectionEmail.choices, initial=RejectionEmail.STANDARD
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Add a note",
        max_length=Note._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Visible to the hiring team, not to the candidate."}),
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError("Write something first.", code="empty")
        return body


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label="Your rating",
        coerce=int,
        choices=[(0, "No rating")] + [(n, f"{n} star{'s' if n > 1 else ''}") for n in range(1, 6)],
        widget=forms.RadioSelect,
    )


class CorrectionAnswerForm(forms.Form):
    """The team's answer to a candidate's correction: where it stands, and words the candidate reads."""

    state = forms.ChoiceField(
        label="Status",
        choices=[
            (CorrectionRequest.State.IN_PROGRESS.value, "In progress (answered, still working on it)"),
            (CorrectionRequest.State.RESOLVED.value, "Resolved (we fixed it)"),
            (CorrectionRequest.State.DECLINED.value, "Declined (we read it right)"),
        ],
    )
    reply = forms.CharField(
        label="Reply to the candidate",
        required=False,
        max_length=CorrectionRequest._meta.get_field("reply").max_length,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "The candidate sees this on their status page."}),
    )

    def clean_reply(self) -> str:
        return self.cleaned_data["reply"].strip()


class MergeForm(forms.Form):
    """The other application of the same job to merge with the one on the page."""

    other = forms.UUIDField()


class BlindReviewForm(forms.Form):
    """Switch the job's blind review on or off (the page's button posts the state it switches to)."""

    blind_review = forms.ChoiceField(choices=[("on", "On"), ("off", "Off")])

    @property
    def switched_on(self) -> bool:
        return self.cleaned_data["blind_review"] == "on"

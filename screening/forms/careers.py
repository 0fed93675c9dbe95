"""Forms of the public careers site: input validation only; the services decide and store."""
from __future__ import annotations

from django import forms

from screening.models import CorrectionRequest
from screening.services.applications import resume_size_check

RESUME_ACCEPT = ".pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"


def _checked_upload(upload):
    # Checked before reading the file into memory; the service checks the bytes themselves.
    resume_size_check(upload.size)
    return upload


def resume_field(label: str = "Resume") -> forms.FileField:
    return forms.FileField(
        label=label,
        help_text="PDF, Word (.docx) or plain text, up to 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": RESUME_ACCEPT}),
        error_messages={"required": "Please choose your resume file."},
    )


class ApplyForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        label="Full name",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Please enter your name."},
    )
    email = forms.EmailField(
        max_length=254,
        label="Email",
        help_text="We send your private link and any news about your application here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please enter a valid email address, like name@example.com.",
        },
    )
    phone = forms.CharField(
        max_length=40,
        required=False,
        label="Phone (optional)",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    resume = resume_field()
    human_review = forms.BooleanField(
        required=False,
        label="I would like a person to review my application without the automatic ranking.",
        help_text="Optional. Your application is then not scored; the team reviews it in the order it arrived.",
    )
    consent = forms.BooleanField(
        required=True,
        label="I agree that my application and resume are processed as described on this page.",
        error_messages={"required": "Please confirm you agree to how your data is processed."},
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Please enter your name.")
        return name

    def clean_resume(self):
        return _checked_upload(self.cleaned_data["resume"])


class ResumeUploadForm(forms.Form):
    """A corrected resume sent from the private status page."""

    resume = resume_field("Corrected resume")

    def clean_resume(self):
        return _checked_upload(self.cleaned_data["resume"])


class CorrectionForm(forms.Form):
    """The candidate flags something we read wrongly."""

    field = forms.ChoiceField(
        label="What is it about?",
        choices=CorrectionRequest.Field.choices,
        initial=CorrectionRequest.Field.OTHER,
        required=False,  # a form sent without it (an older page still open) is about "something else"
    )
    comment = forms.CharField(
        max_length=2000,
        label="What did we get wrong?",
        help_text="For example: a skill we missed, a wrong degree, or a job's dates. A person will look at it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Please tell us what is wrong."},
    )

    def clean_field(self) -> str:
        return self.cleaned_data["field"] or CorrectionRequest.Field.OTHER

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError("Please tell us what is wrong.")
        return comment


class ConfirmForm(forms.Form):
    """The second step of a destructive action: the hidden field is set only by the confirmation page."""

    confirm = forms.CharField(widget=forms.HiddenInput)

    def clean_confirm(self) -> str:
        if self.cleaned_data["confirm"] != "yes":
            raise forms.ValidationError("Please confirm.")
        return "yes"

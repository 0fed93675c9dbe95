"""Forms of the public careers site: input validation only; the services decide and store."""
from __future__ import annotations

import re

import phonenumbers
from django import forms

from screening.models import CorrectionRequest
from screening.services.applications import resume_size_check

RESUME_ACCEPT = ".pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"


def _checked_upload(upload):
    # Checked before reading the file into memory; the service checks the bytes themselves.
    if not upload:  # none chosen, when a kept one stands in for it
        return upload
    resume_size_check(upload.size)
    return upload


PHONE_MESSAGE = "Please enter a phone number in digits, like +44 20 7946 0958 or 020 7946 0958, or leave it empty."
_PHONE_CHARACTERS = re.compile(r"\+?[\d\s().\-/]+")


def phone_check(value: str) -> str:
    """A phone number as typed, spaces tidied; raises with a readable message for anything else ("abc").

    Numbers without a country code are in the candidate's own national format, which we cannot check
    without knowing their country, so only their characters and length are (6 to 15 digits, the
    international maximum). With a +country code, phonenumbers checks the length for that country.
    """
    phone = " ".join(value.split())
    if not phone:
        return ""
    digits = sum(ch.isdigit() for ch in phone)
    if not _PHONE_CHARACTERS.fullmatch(phone) or not 6 <= digits <= 15:
        raise forms.ValidationError(PHONE_MESSAGE, code="invalid_phone")
    if phone.startswith("+"):
        try:
            possible = phonenumbers.is_possible_number(phonenumbers.parse(phone, None))
        except phonenumbers.NumberParseException:
            possible = False
        if not possible:
            raise forms.ValidationError(
                "Please check this number: its length does not fit its country code.", code="invalid_phone"
            )
    return phone


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
    # A signed reference to the file chosen on the previous try (services.kept_resumes), never a path;
    # the template writes it from `form.kept`.
    kept_resume = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kept=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kept = kept  # services.kept_resumes.KeptResume of this session, or None
        if kept is not None:
            self.fields["resume"].required = False
            self.fields["resume"].label = "Resume (optional: choose a file only to replace it)"

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Please enter your name.")
        return name

    def clean_phone(self) -> str:
        return phone_check(self.cleaned_data["phone"])

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

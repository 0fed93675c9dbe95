"""The optional self-identification questions on the candidate's private page, and the human review choice."""
from __future__ import annotations

from django import forms

from screening.models import SelfIdentification

CHOOSE = [("", "Choose an answer")]


class SelfIdForm(forms.Form):
    sex = forms.ChoiceField(
        label="Sex",
        choices=CHOOSE + SelfIdentification.Sex.choices,
        error_messages={"required": "Choose an answer, or “I decline to answer”."},
    )
    race_ethnicity = forms.ChoiceField(
        label="Race/ethnicity",
        choices=CHOOSE + SelfIdentification.RaceEthnicity.choices,
        error_messages={"required": "Choose an answer, or “I decline to answer”."},
    )

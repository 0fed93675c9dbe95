"""The bias audit's scope (profile version, date range) as chosen on the auditor's page."""
from __future__ import annotations

import datetime
from typing import cast

from django import forms

from screening.models import Job, ProfileVersion


class AuditScopeForm(forms.Form):
    version = forms.TypedChoiceField(
        label="Profile version", coerce=int, required=False, empty_value=None, help_text="Default: the one published now."
    )
    since = forms.DateField(label="Applied from", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="Applied until", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, job: Job, versions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        versions = list(versions if versions is not None else job.profile.versions.order_by("-number"))
        cast(forms.ChoiceField, self.fields["version"]).choices = [("", "Published version")] + [
            (v.number, f"v{v.number}" + (f" ({v.scored} scored)" if hasattr(v, "scored") else "")) for v in versions
        ]

    def clean(self):
        super().clean()
        data = self.cleaned_data  # the dict the base clean() returns (its stubs allow None)
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end of the range is before its start.")
        return data

    def scope(self) -> dict:
        """version/since/until for selectors.job_bias_audit; invalid input leaves that part at its default."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        number = data.get("version")
        version = ProfileVersion.objects.filter(profile=self.job.profile, number=number).first() if number else None
        return {"version": version, "since": data.get("since"), "until": data.get("until")}


def parse_date(text: str | None) -> datetime.date | None:
    """YYYY-MM-DD, for the command line; ValueError otherwise."""
    if text is None:
        return None
    return datetime.date.fromisoformat(text)

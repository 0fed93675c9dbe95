"""Forms of the profile editor (hiring admins): profile settings and a formset of competencies."""
from __future__ import annotations

import re
from typing import cast

from django import forms
from django.forms import formset_factory
from django.utils.text import slugify

from screening.models import Competency, CompetencyProfile
from screening.nlp.matching import SIGNAL_NAMES
from screening.nlp.facts import EDUCATION_LEVELS
from screening.services.taxonomy import current_taxonomy

SIGNAL_LABELS = {
    "projects": "Projects",
    "open_source": "Open-source work",
    "competitions": "Competitions and hackathons",
    "publications": "Publications",
    "certifications": "Certifications",
    "awards": "Awards",
    "internship": "Internships",
    "applied_ml": "Hands-on ML work in roles and projects (models built, trained, evaluated, deployed)",
}


def split_list(text: str) -> list[str]:
    """Comma- or newline-separated phrases, trimmed, de-duplicated in order."""
    seen, items = set(), []
    for part in re.split(r"[,\n;]", text or ""):
        item = " ".join(part.split())
        if item and item.lower() not in seen:
            seen.add(item.lower())
            items.append(item)
    return items


class ProfileSettingsForm(forms.ModelForm):
    education_fields = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Preferred fields of study",
        help_text="One per line or comma-separated, e.g. computer science, statistics.",
    )

    class Meta:
        model = CompetencyProfile
        fields = [
            "name",
            "description",
            "education_weight",
            "education_fields",
            "experience_weight",
            "experience_target_months",
            "experience_min_months",
            "must_have_factor",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "education_weight": "Education weight",
            "experience_weight": "Experience weight",
            "experience_target_months": "Experience for full credit (months)",
            "experience_min_months": "Minimum experience (months, flagged)",
            "must_have_factor": "Share of the score kept when a must-have is missing",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        levels = self.instance.education_levels or {}
        for level in EDUCATION_LEVELS:
            self.fields[f"level_{level}"] = forms.FloatField(
                min_value=0,
                max_value=1,
                required=False,
                initial=levels.get(level, 0.0),
                label=level.replace("_", " ").capitalize(),
            )
        if not self.is_bound:
            self.initial["education_fields"] = "\n".join(self.instance.education_fields or [])
        for name in ("education_weight", "experience_weight"):
            cast(forms.FloatField, self.fields[name]).min_value = 0

    def level_fields(self):
        return [self[f"level_{level}"] for level in EDUCATION_LEVELS]

    def clean_education_fields(self) -> list[str]:
        return split_list(self.cleaned_data.get("education_fields", ""))

    def settings(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        # Levels without credit are left out; all of them left out is an empty table, which the spec
        # keeps as "no degree earns credit" (never the defaults).
        data["education_levels"] = {
            level: self.cleaned_data.get(f"level_{level}") or 0.0
            for level in EDUCATION_LEVELS
            if self.cleaned_data.get(f"level_{level}")
        }
        return data


class CompetencyForm(forms.Form):
    key = forms.SlugField(required=False, max_length=60, help_text="Stable id; made from the name if empty.")
    name = forms.CharField(max_length=120)
    category = forms.ChoiceField(choices=Competency.Category.choices, initial=Competency.Category.OTHER)
    weight = forms.FloatField(min_value=0, initial=1.0)
    must_have = forms.BooleanField(required=False)
    min_months = forms.IntegerField(min_value=0, max_value=600, initial=0, label="Min. months")
    skills = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Taxonomy skills (names or ids), comma-separated. Skills under them count too.",
    )
    synonyms = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Extra phrases matched literally in the resume text, comma-separated.",
    )
    signals = forms.MultipleChoiceField(
        required=False,
        choices=[(s, SIGNAL_LABELS.get(s, s)) for s in SIGNAL_NAMES],
        widget=forms.CheckboxSelectMultiple,
        help_text="Sections of the resume that count as evidence.",
    )

    def clean_skills(self) -> list[str]:
        taxonomy = current_taxonomy()
        ids, unknown = [], []
        for item in split_list(self.cleaned_data.get("skills", "")):
            skill = taxonomy.get(item) or taxonomy.lookup(item)
            if skill is None:
                unknown.append(item)
            elif skill.id not in ids:
                ids.append(skill.id)
        if unknown:
            raise forms.ValidationError(
                "Not in the skill taxonomy: %(names)s. Add them as synonyms, or to the taxonomy in admin.",
                params={"names": ", ".join(unknown)},
            )
        return ids

    def clean_synonyms(self) -> list[str]:
        return split_list(self.cleaned_data.get("synonyms", ""))

    def clean(self):
        super().clean()
        data = self.cleaned_data  # the dict the base clean() returns (its stubs allow None)
        if self.cleaned_data.get("DELETE"):
            return data
        if not data.get("key") and data.get("name"):
            data["key"] = slugify(data["name"])[:60] or "competency"
        if data.get("name") and not (data.get("skills") or data.get("synonyms") or data.get("signals")):
            raise forms.ValidationError("Give at least one skill, synonym or signal to look for.")
        return data


class BaseCompetencyFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        keys = set()
        live = 0
        for form in self.forms:
            if not form.has_changed() and not form.initial:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            live += 1
            key = form.cleaned_data.get("key")
            if key in keys:
                raise forms.ValidationError(f"Two competencies have the key “{key}”; keys must be unique.")
            keys.add(key)
        if live == 0:
            raise forms.ValidationError("A profile needs at least one competency.")

    def competencies(self) -> list[dict]:
        """The surviving rows in their chosen order."""
        rows = []
        for form in self.ordered_forms if self.can_order else self.forms:
            if form.cleaned_data.get("DELETE") or (not form.has_changed() and not form.initial):
                continue
            data = form.cleaned_data
            rows.append(
                {
                    "key": data["key"],
                    "name": data["name"],
                    "category": data["category"],
                    "weight": data["weight"],
                    "must_have": data["must_have"],
                    "min_months": data["min_months"] or 0,
                    "skills": data["skills"],
                    "synonyms": data["synonyms"],
                    "signals": list(data["signals"]),
                }
            )
        return rows


CompetencyFormSet = cast(
    type[BaseCompetencyFormSet],
    formset_factory(
        CompetencyForm, formset=BaseCompetencyFormSet, extra=2, can_delete=True, can_order=True, max_num=200
    ),
)


def competency_initial(profile: CompetencyProfile) -> list[dict]:
    taxonomy = current_taxonomy()
    return [
        {
            "key": c.key,
            "name": c.name,
            "category": c.category,
            "weight": c.weight,
            "must_have": c.must_have,
            "min_months": c.min_months,
            "skills": ", ".join(taxonomy[s].name if s in taxonomy else s for s in c.skills),
            "synonyms": ", ".join(c.synonyms),
            "signals": c.signals,
            "ORDER": position,
        }
        for position, c in enumerate(profile.competencies.all(), start=1)
    ]


class CloneProfileForm(forms.Form):
    name = forms.CharField(max_length=120, label="Name of the new profile")

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        slug = slugify(name)
        if not slug:
            raise forms.ValidationError("Please use letters or digits in the name.")
        if CompetencyProfile.objects.filter(slug=slug).exists():
            raise forms.ValidationError("A profile with this name already exists.")
        return name


class JobDescriptionForm(forms.Form):
    title = forms.CharField(max_length=120, label="Role title", widget=forms.TextInput(attrs={"placeholder": "e.g. Data Engineer"}))
    description = forms.CharField(
        label="Job description",
        widget=forms.Textarea(attrs={"rows": 12, "placeholder": "Paste the whole posting: requirements, nice-to-haves, duties."}),
        help_text="Headings such as “Requirements” and “Nice to have”, and words such as “required” or “a plus”, decide what becomes a must-have.",
    )

    def clean_description(self) -> str:
        from screening.services.profile_proposals import MAX_DESCRIPTION_CHARS

        text = self.cleaned_data["description"]
        if len(text) > MAX_DESCRIPTION_CHARS:
            raise forms.ValidationError(f"At most {MAX_DESCRIPTION_CHARS:,} characters, please: paste the posting only.")
        return text

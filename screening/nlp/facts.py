"""What was read from a resume: frozen, JSON-able dataclasses, every value anchored to the text.

These are the contract between the NLP core and everything else (storage, scoring, the
`parse_resume --json` output). A value copied from the resume is a `TextSpan` with character
offsets into the extracted text, so any fact can be shown in place and checked by a human.
Derived values (normalised level, months, years) sit beside the span they came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

# Section names the pipeline assigns; "header" is the text before the first heading.
SECTION_NAMES = (
    "header",
    "summary",
    "skills",
    "experience",
    "education",
    "projects",
    "certifications",
    "publications",
    "awards",
    "languages",
    "open_source",
    "competitions",
    "interests",
    "references",
    "other",
)

# Normalised education levels, lowest to highest; the index is the level's rank.
EDUCATION_LEVELS = ("high_school", "diploma", "associate", "bachelor", "master", "doctorate")


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A piece of the resume text: `text == resume_text[start:end]`."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date as written ("Jan 2019", "2017", "Present") and what it means.

    `month` is None when only a year is given; `present` marks "Present"/"Current"/"Now",
    in which case `year`/`month` are the reference date the resume was read against.
    """

    text: str
    start: int
    end: int
    year: int  # every reading of a date has a year (dates.parse_date returns None without one)
    month: int | None = None
    present: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    name: str  # one of SECTION_NAMES
    start: int
    end: int
    heading: TextSpan | None = None


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    start: int
    end: int
    kind: str  # "github" | "linkedin" | "gitlab" | "stackoverflow" | "kaggle" | "scholar" | "portfolio" | "other"
    url: str  # normalised absolute URL


@dataclass(frozen=True, slots=True)
class Phone:
    text: str
    start: int
    end: int
    e164: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    section: str
    role: int | None = None  # index into ResumeFacts.experience when inside a role's text


@dataclass(frozen=True, slots=True)
class Skill:
    id: str  # taxonomy id
    name: str  # canonical name
    category: str
    mentions: tuple[Mention, ...]
    months: int = 0  # months of dated roles whose text mentions the skill (overlaps merged)
    last_used: int | None = None  # latest year of a dated role that mentions it


@dataclass(frozen=True, slots=True)
class Education:
    degree: TextSpan | None
    level: str | None  # one of EDUCATION_LEVELS
    field: TextSpan | None
    institution: TextSpan | None
    year: int | None  # graduation (or expected) year
    year_span: TextSpan | None = None
    start: int = 0  # extent of the entry in the text
    end: int = 0


@dataclass(frozen=True, slots=True)
class Role:
    title: TextSpan | None
    employer: TextSpan | None
    start: DateValue | None  # `start`/`end` here are dates; the entry's extent is `span_start`/`span_end`
    end: DateValue | None
    months: int | None
    ml_relevant: bool = False
    location: TextSpan | None = None
    span_start: int = 0
    span_end: int = 0


@dataclass(frozen=True, slots=True)
class Item:
    """A certification, project, publication, award, competition, open-source contribution."""

    text: str
    start: int
    end: int
    kind: str = ""  # e.g. "hackathon" for competitions, "github" for open source
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Language:
    text: str
    start: int
    end: int
    name: str  # canonical language name, e.g. "Spanish"
    level: str | None = None  # "native", "fluent", "professional", "intermediate", "basic"


@dataclass(frozen=True)
class ResumeFacts:
    name: TextSpan | None = None
    emails: tuple[TextSpan, ...] = ()
    phones: tuple[Phone, ...] = ()
    links: tuple[Link, ...] = ()
    location: TextSpan | None = None
    sections: tuple[Section, ...] = ()
    skills: tuple[Skill, ...] = ()
    education: tuple[Education, ...] = ()
    experience: tuple[Role, ...] = ()
    total_experience_months: int = 0
    ml_experience_months: int = 0
    stated_experience_months: int | None = None  # "5+ years of experience" in a summary
    certifications: tuple[Item, ...] = ()
    projects: tuple[Item, ...] = ()
    open_source: tuple[Item, ...] = ()
    publications: tuple[Item, ...] = ()
    awards: tuple[Item, ...] = ()
    competitions: tuple[Item, ...] = ()
    languages: tuple[Language, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # room for new facts without a schema change

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ResumeFacts":
        return _from_dict(cls, data or {})


def to_jsonable(value: Any) -> Any:
    """Dataclasses → dicts, tuples → lists, recursively (what `json.dumps` can take)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


# How to rebuild nested dataclasses from JSON: field name -> (class, is_sequence).
_NESTED: dict[type, dict[str, tuple[type, bool]]] = {
    ResumeFacts: {
        "name": (TextSpan, False),
        "emails": (TextSpan, True),
        "phones": (Phone, True),
        "links": (Link, True),
        "location": (TextSpan, False),
        "sections": (Section, True),
        "skills": (Skill, True),
        "education": (Education, True),
        "experience": (Role, True),
        "certifications": (Item, True),
        "projects": (Item, True),
        "open_source": (Item, True),
        "publications": (Item, True),
        "awards": (Item, True),
        "competitions": (Item, True),
        "languages": (Language, True),
    },
    Section: {"heading": (TextSpan, False)},
    Skill: {"mentions": (Mention, True)},
    Education: {
        "degree": (TextSpan, False),
        "field": (TextSpan, False),
        "institution": (TextSpan, False),
        "year_span": (TextSpan, False),
    },
    Role: {
        "title": (TextSpan, False),
        "employer": (TextSpan, False),
        "start": (DateValue, False),
        "end": (DateValue, False),
        "location": (TextSpan, False),
    },
}


def _from_dict(cls: type, data: dict[str, Any]) -> Any:
    nested = _NESTED.get(cls, {})
    known = {f.name for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue  # facts written by a newer parser version: ignore what we do not know
        if key in nested and value is not None:
            sub, many = nested[key]
            value = tuple(_from_dict(sub, v) for v in value) if many else _from_dict(sub, value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[key] = value
    return cls(**kwargs)

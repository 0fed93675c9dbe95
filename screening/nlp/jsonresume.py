"""What was read from a resume, in the open JSON Resume schema (jsonresume.org, v1.0.0), for systems
that speak it. Only what the reader found is filled in; nothing is guessed to complete the schema."""

from __future__ import annotations

from typing import Any

from .facts import DateValue, ResumeFacts

SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
LANGUAGE_FLUENCY = {
    "native": "Native speaker",
    "fluent": "Fluent",
    "professional": "Professional working proficiency",
    "intermediate": "Intermediate",
    "basic": "Elementary proficiency",
}


def _date(value: DateValue | None) -> str | None:
    """ISO 8601 as the schema wants it: YYYY-MM or YYYY (None for "Present": the schema leaves it out)."""
    if value is None or value.present or value.year is None:
        return None
    return f"{value.year:04d}-{value.month:02d}" if value.month else f"{value.year:04d}"


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def to_json_resume(facts: ResumeFacts) -> dict[str, Any]:
    basics = _drop_empty(
        {
            "name": facts.name.text if facts.name else None,
            "email": facts.emails[0].text if facts.emails else None,
            "phone": facts.phones[0].text if facts.phones else None,
            "url": next((link.url for link in facts.links if link.kind == "portfolio"), None),
            "location": {"address": facts.location.text} if facts.location else None,
            "profiles": [
                {"network": link.kind, "url": link.url}
                for link in facts.links
                if link.kind not in ("portfolio", "other")
            ],
        }
    )
    work = [
        _drop_empty(
            {
                "name": role.employer.text if role.employer else None,
                "position": role.title.text if role.title else None,
                "location": role.location.text if role.location else None,
                "startDate": _date(role.start),
                "endDate": _date(role.end),
            }
        )
        for role in facts.experience
    ]
    education = [
        _drop_empty(
            {
                "institution": edu.institution.text if edu.institution else None,
                "area": edu.field.text if edu.field else None,
                "studyType": edu.degree.text if edu.degree else None,
                "endDate": f"{edu.year:04d}" if edu.year else None,
            }
        )
        for edu in facts.education
    ]
    skills: dict[str, list[str]] = {}
    for skill in facts.skills:
        skills.setdefault(skill.category, []).append(skill.name)
    return _drop_empty(
        {
            "$schema": SCHEMA,
            "basics": basics,
            "work": [w for w in work if w],
            "education": [e for e in education if e],
            "skills": [{"name": category, "keywords": names} for category, names in skills.items()],
            "projects": [{"name": p.text} for p in (*facts.projects, *facts.open_source, *facts.competitions)],
            "certificates": [{"name": c.text} for c in facts.certifications],
            "publications": [{"name": p.text} for p in facts.publications],
            "awards": [{"title": a.text} for a in facts.awards],
            "languages": [
                _drop_empty({"language": lang.name, "fluency": LANGUAGE_FLUENCY.get(lang.level or "")})
                for lang in facts.languages
            ],
        }
    )

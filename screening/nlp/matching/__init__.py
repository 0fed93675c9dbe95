"""The matching contract: how a resume's text and facts become the evidence a profile's score weighs.

One package holds the three things that decide whether stored evidence may be reused:
  - what matching reads: the resume's text and these parts of its `ResumeFacts`: skills (ids, mentions with
    their section and role, months, last use), experience roles (spans, dates, titles, `ml_relevant`),
    sections, education (levels, degrees, fields), projects, open source, publications, competitions,
    certifications, awards and the stated months of experience; and from the profile only what
    `match_signature` hashes (never weights);
  - its signature, `match_signature(spec)`: equal signatures share evidence, so a weight change re-scores
    from stored evidence and a change of skills, synonyms, signals, categories, fields or credited degrees
    matches again;
  - its version, MATCH_FORMAT_VERSION, part of every signature: when matching code changes what it finds,
    the version goes up, every published profile's stored signature differs from the computed one, and
    `load_defaults` publishes those profiles again (same spec) so that every application is matched anew.

`match()` runs it (`profile_matcher.py`); `signals.py` holds the signals (hands-on ML work, projects...).
"""
from __future__ import annotations

import hashlib
import json

from screening.nlp.matching.profile_matcher import ProfileMatcher, match, matcher_for
from screening.nlp.matching.signals import SIGNAL_NAMES
from screening.scoring import NON_TECHNICAL_CATEGORIES, ProfileSpec

# 3: months from nlp.dates (a year alone is mid-year, future ends stop at the reference date), signal applied_ml
# 4: ML months only from roles with an ML title or hands-on ML lines
MATCH_FORMAT_VERSION = 4


def match_signature(spec: ProfileSpec) -> str:
    """A hash of everything that decides matching (not weights): equal hashes share evidence."""
    matching = {
        "competencies": [
            [c.key, sorted(c.skills), sorted(s.lower() for s in c.synonyms), sorted(c.signals)]
            for c in spec.competencies
        ],
        "education_fields": sorted(f.lower() for f in spec.education.fields),
        # Which degrees earn credit decides which fields of study are read as the candidate's (the amounts do
        # not: changing them re-scores from stored evidence).
        "credited_levels": sorted(level for level, credit in spec.education.levels if credit > 0),
        # Categories decide which roles count as related experience.
        "categories": [[c.key, c.category in NON_TECHNICAL_CATEGORIES] for c in spec.competencies],
        "version": MATCH_FORMAT_VERSION,
    }
    return hashlib.sha256(json.dumps(matching, sort_keys=True).encode()).hexdigest()[:40]


__all__ = ["MATCH_FORMAT_VERSION", "SIGNAL_NAMES", "ProfileMatcher", "match", "match_signature", "matcher_for"]

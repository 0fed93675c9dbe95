"""Whether a skill name found in the text is the candidate's skill: the rules of the skill filter component.

A phrase match says only that the words are there. These rules say what the words are doing, by kinds of
error rather than by resume:
  - a name part of another name: an organisation ("BT Group plc", "Northwestern Dental Center"), a school, a
    standard ("API RP 2A"), a degree title ("Electronics and Communication"), a date ("Spring 2013");
  - an acronym the resume defines as something else ("Certified Novell Administrator (CNA)",
    "GCP (Global career program)");
  - an ordinary word ("react to failure events", "clarify the requirements") where the skill's name is also a
    word: such names count only in a skill context (a skills list, after "proficient in");
  - a short acronym of a modelling technique ("CNN", "GBM", "PCA", "TTS") with no modelling around it: the
    news network, a bank's challan, a patient-controlled analgesia pump, telegraphic transfers;
  - a name used in another trade, told by the words on its line ("Veritas Clustering", "failover clustering");
  - somebody else's technology: a sentence about what a company or a client does ("… is a British multinational
    telecommunications company", "an AI startup"), a list of vendors, the developers a recruiter hired, a roadmap.
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import Iterable, Sequence

from screening.nlp.layout import BULLET_RX, Layout
from screening.nlp.rules import WORD_RX, load_rules

# --- Skill context: where an ambiguous name may still be a skill ------------------------------------------

# What separates the items of a skills list.
_SEPARATOR_RX = re.compile(
    r"[,;|/\u2022\u00b7\u25cf\u27a2\u2756()\[\]{}:\t]|\.(?:\s|$)|\s-\s|\s-$|^-\s|\s{2,}|\band\b|\bor\b|&|\bwith\b"
)
# What may follow a skill inside its list item: a version, a star rating, "- Experience - 24 months".
_ITEM_TAIL_RX = re.compile(
    r"^\s*(?:v?\d[\w.+]*x?\s*)?(?:[-\u2013]\s*experience\b.*|\(.*|[*\u2605\u2606]+)?\s*$", re.IGNORECASE
)
# words after which a name may still open or continue a list: separators spelt out, and the prepositions of
# _PREPOSITION_END_RX ("models in R and Python")
_LIST_OPENING_WORDS = frozenset(("and", "or", "with", "in", "using", "on", "of"))
_PREPOSITION_END_RX = re.compile(r"\b(?:in|with|using|on|of|and)\s*$", re.IGNORECASE)
# How far to look on either side of a name for its list's separators: a list item is a few words long, and a
# line of a skills table rarely runs past 80 characters between two separators.
_ITEM_WINDOW = 80
_NEAR_WINDOW = 24


def in_skill_context(
    text: str, layout: Layout, start: int, end: int, unambiguous_lines: dict[int, int], cue_starts: list[int]
) -> bool:
    """An ambiguous name is a skill only as a list item in a skills section, next to other skills, or after a cue."""
    line = layout.line_at(start)
    if line is None:
        return False
    k = bisect.bisect_left(cue_starts, line.start)
    cue_before = k < len(cue_starts) and cue_starts[k] < start
    others = unambiguous_lines.get(line.index, 0)
    if not (cue_before or others) and layout.section_at(start) != "skills":
        return False  # none of the three ways to accept a name below is open: skip reading the list around it
    if not cue_before:
        # most ambiguous names sit in a sentence ("… good communication …"): the word right before them is an
        # ordinary word, not a separator or a preposition opening a list; that alone settles it
        i = start
        while i > line.start and text[i - 1] in " \t":
            i -= 1
        if i > line.start and text[i - 1].isalnum():
            j = i
            while j > line.start and i - j < _NEAR_WINDOW and text[j - 1].isalnum():
                j -= 1
            if j > line.start and text[j:i].lower() not in _LIST_OPENING_WORDS:
                return False  # (the line's first word may be a bullet, "o Design …": the full check decides)
    window = max(line.start, start - _ITEM_WINDOW)
    left = text[window:start]
    right = text[end:min(line.end, end + _ITEM_WINDOW)]
    if window == line.start:
        bullet = BULLET_RX.match(left)
        if bullet:
            left = left[bullet.end():]
    last_sep = None
    # the last separator: looked for near the name first, in the whole window only when there is none there
    for sep in _SEPARATOR_RX.finditer(left, max(0, len(left) - _NEAR_WINDOW)):
        last_sep = sep
    if last_sep is None:
        for sep in _SEPARATOR_RX.finditer(left):
            last_sep = sep
    left_tail = left[last_sep.end():] if last_sep else left
    next_sep = _SEPARATOR_RX.search(right)
    right_head = right[: next_sep.start()] if next_sep else right
    left_clean = not left_tail.strip() or (cue_before and _ends_with_cue(left_tail))
    # "R (Less than 1 year)", "Python- Experience": the tail of the item may hold a version or months
    right_clean = not right_head.strip() or bool(_ITEM_TAIL_RX.match(right_head.rstrip(".!?")))
    if right.startswith(("'", "\u2019", "&")) or right.lstrip(" \t").startswith(":"):
        right_clean = False  # "R's", "R&D", and "Programming:" labelling a list
    if not left_clean and right_clean and others and next_sep is not None and _PREPOSITION_END_RX.search(left_tail):
        left_clean = True  # "models in R and Python": the first item of a list of skills
    if not (left_clean and right_clean):
        return False
    if layout.section_at(start) == "skills":
        return True
    if others and (last_sep is not None or next_sep is not None):
        return True
    return cue_before


@functools.lru_cache(maxsize=1)
def _cue_tail_regex() -> re.Pattern[str]:
    cues = sorted((row["pattern"] for row in load_rules("skill_cues")), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, c.split())) for c in cues)
    return re.compile(rf"(?<![\w])(?:{body})\s*[:\-]?\s*$", re.IGNORECASE)


def _ends_with_cue(s: str) -> bool:
    """"… proficient in " just before the name (only checked when the cue matcher saw a cue on the line)."""
    return bool(_cue_tail_regex().search(s[-40:]))


# A word that opens an object or a clause right after a name shows the name is a verb or a noun in prose:
# "react to failure events", "clarify the requirements", "excel in", "access their accounts". A list item is
# followed by a separator, a version or the end of the line, never by one of these.
_PROSE_FOLLOWER_RX = re.compile(
    r"[ \t]+(?:to|the|a|an|in|on|upon|into|our|their|my|his|her|its|them|it|this|that|these|those|all|any)\b",
    re.IGNORECASE,
)


def used_as_word(text: str, end: int) -> bool:
    """Whether the words after a name read as prose around an ordinary word ("react to", "clarify the")."""
    return bool(_PROSE_FOLLOWER_RX.match(text, end))


# --- Acronyms of modelling techniques ---------------------------------------------------------------------

# Skills of these categories written as a short acronym need modelling around them: three or four capitals
# stand for many things outside machine learning.
ML_CATEGORIES = frozenset(("ml_technique", "ml_framework"))
_ACRONYM_FORM_RX = re.compile(r"[A-Z]{2,4}s?")  # (five letters and up, "GARCH", "ARIMA", mean one thing)
# Words of modelling work: with one of them on the line, "CNN" is a network and "PCA" a decomposition.
_MODELLING_RX = re.compile(
    r"\b(?:models?|modell?ing|train(?:ed|ing)?|classif\w*|predict\w*|neural|deep|learning|dataset|datasets|"
    r"features?|accuracy|precision|recall|algorithms?|inference|embeddings?|images?|vision|text|speech|"
    r"dimensionality|clusters?|regression|tensorflow|pytorch|keras|scikit|sklearn|ml|ai|nlp)\b",
    re.IGNORECASE,
)


def ml_acronym(word: str) -> bool:
    """"CNN", "GBM", "GMMs": a form written as a short acronym."""
    return bool(_ACRONYM_FORM_RX.fullmatch(word))


def modelling_spans(text: str, line_start: int, line_end: int, ml_cues: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where a line speaks of modelling: the reader's ML vocabulary on it and words of modelling work. Read once
    per line (a line of a thousand acronyms is read once, not once per acronym)."""
    k = bisect.bisect_left(ml_cues, (line_start, line_start))
    spans = []
    while k < len(ml_cues) and ml_cues[k][0] < line_end:
        spans.append(ml_cues[k])
        k += 1
    spans.extend(m.span() for m in _MODELLING_RX.finditer(text, line_start, line_end))
    return spans


def modelling_beside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether modelling is spoken of on the line other than by the acronym at text[start:end] itself: at most two
    spans (a vocabulary cue and a word, "NLP") can be the acronym, so three or more always hold another."""
    if len(spans) > 2:
        return True
    return any(b <= start or a >= end for a, b in spans)


def other_sense_regex(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for a skill's `other_senses` phrases (whole words, any case), or None without any."""
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True) if p.strip())
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE) if body else None


# --- Parts of other names ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _date_word_regex() -> re.Pattern[str]:
    words = sorted((row["pattern"] for row in load_rules("date_words") if row["label"] in ("month", "season")),
                   key=len, reverse=True)
    body = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?:{body})\.?$", re.IGNORECASE)


_YEAR_AFTER_RX = re.compile(r"[ \t,'\u2019\-]{1,3}(?:19|20)?\d\d(?!\d)")


def part_of_date(text: str, start: int, end: int) -> bool:
    """"Spring 2013", "Fall 2008": a season or a month with its year is a date, not the Spring framework."""
    return bool(_YEAR_AFTER_RX.match(text, end)) and bool(_date_word_regex().match(text[start:end]))


# An acronym the resume spells out: "Certified Novell Administrator (CNA)" or "GCP (Global career program)".
_ACRONYM_AFTER_RX = re.compile(r"\(\s*([A-Z][A-Za-z&]{1,7})\s*\)")
_ACRONYM_BEFORE_RX = re.compile(r"(?<![\w])([A-Z][A-Z&]{1,7})\s*\(\s*([A-Za-z][^()\n]{3,80}?)\s*\)")
_LONG_FORM_LEFT_RX = re.compile(r"((?:[\w&'\-]+[ \t]+){1,10})$")
_MINOR = frozenset(("of", "and", "for", "the", "in", "on", "to", "&", "a", "an"))


def _initials_match(acronym: str, words: list[str]) -> bool:
    if len(acronym) > 2 and acronym.endswith("s") and acronym[:-1].isupper():
        acronym = acronym[:-1]  # "Group Mortgage Managers (GMMs)": the plural of GMM
    letters = [c.lower() for c in acronym if c.isalpha()]
    initials = [w[0].lower() for w in words if w.lower() not in _MINOR]
    full = [w[0].lower() for w in words]
    return letters == initials or letters == full


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms the resume defines, with the words they stand for: {"CNA": "Certified Novell Administrator"}.

    The words are the last ones before "(CNA)" (or inside the brackets after "CNA") whose initials spell the
    acronym, minor words ("of", "and") optional, as Schwartz and Hearst's abbreviation finder reads them.
    """
    out: dict[str, str] = {}
    if "(" not in text:
        return out
    for m in _ACRONYM_AFTER_RX.finditer(text):
        acronym = m.group(1)
        if not acronym[:2].isupper():
            continue
        left = _LONG_FORM_LEFT_RX.search(text, max(0, m.start() - 120), m.start())
        if not left:
            continue
        words = WORD_RX.findall(left.group(1))
        for n in range(len(acronym), min(len(words), 2 * len(acronym) + 2) + 1):
            if _initials_match(acronym, words[-n:]):
                out.setdefault(acronym, " ".join(words[-n:]))
                break
    for m in _ACRONYM_BEFORE_RX.finditer(text):
        words = WORD_RX.findall(m.group(2))
        if _initials_match(m.group(1), words):
            out.setdefault(m.group(1), " ".join(words))
    return out


# --- Somebody else's technology ---------------------------------------------------------------------------

# What a company is or does, told in a sentence: "BT Group plc … is a British multinational telecommunications
# holding company", "a multinational company catering customers in warehousing", "the client provides …".
_ORGANISATION_NOUNS = (
    r"(?:company|companies|provider|firm|organi[sz]ation|corporation|conglomerate|bank|manufacturer|retailer|"
    r"vendor|supplier|startup|start-up|consultancy|enterprise|multinational|mnc|leader|player)"
)
_ABOUT_ORGANISATION_RX = re.compile(
    rf"\b(?:is|was|are)\s+(?:a|an|one\s+of\s+the|the)\s+(?:[\w'\-&,]+\s+){{0,6}}?{_ORGANISATION_NOUNS}\b"
    rf"|\b(?:company|client|customer|organi[sz]ation|firm|bank|employer)\s+(?:that\s+|which\s+|who\s+)?"
    r"(?:provides|offers|speciali[sz]es|caters|catering|serves|deals\s+in|is\s+engaged|focuses|is\s+focused|"
    r"manufactures|sells|develops\s+products)\b"
    r"|\b(?:leading|largest|global|premier)\s+(?:provider|supplier|manufacturer)s?\s+of\b",
    re.IGNORECASE,
)
# A field of business naming an organisation: "an AI startup", "SaaS companies", "for fintech clients"
_ORGANISATION_AFTER_RX = re.compile(
    r"[ \t]+(?:start-?ups?|compan(?:y|ies)|firms?|agenc(?:y|ies)|vendors?|providers?|clients?|customers?)\b",
    re.IGNORECASE,
)


def describes_an_organisation(text: str, end: int) -> bool:
    """Whether the name is what an organisation does ("for an AI startup"), not what the candidate does."""
    return bool(_ORGANISATION_AFTER_RX.match(text, end))


# Lists of other organisations: "vendors like HP, IBM, Microsoft, Symantec, Oracle and RedHat"
_NAMED_OTHERS_RX = re.compile(
    r"\b(?:vendors?|partners?|clients?|customers?|suppliers?|oems?|competitors?)\s+(?:like|such\s+as|including|viz\.?)\s",
    re.IGNORECASE,
)
# People someone else hired or placed: "Recruited developers with heavy focus on technologies such as C/C++"
_HIRING_OTHERS_RX = re.compile(
    r"\b(?:recruit\w*|hir(?:e|ed|es|ing)|sourc(?:e|ed|es|ing)|plac(?:e|ed|es|ing)|staff(?:ed|ing))\b"
    r"[^.;\n]{0,80}?\b(?:developers?|engineers?|programmers?|candidates?|consultants?|professionals?|architects?|"
    r"testers?|talent|positions|openings|requisitions)\b",
    re.IGNORECASE,
)
# A plan is not a skill: "product roadmap for machine learning features"
_PLAN_RX = re.compile(r"\broad[\s\-]?maps?\b", re.IGNORECASE)
# Where a sentence ends inside a line: a full stop, a semicolon, a question or an exclamation mark
_STOP_RX = re.compile(r"[.!?;](?=\s|$)")
# Skills a recruiter or a business describer does own: the trades of the sentence itself (HR, sales)
OWN_CATEGORIES_WHEN_HIRING = frozenset(("business", "soft_skill", "office_tools"))


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end]: from the last stop before it to the next stop after it, within its
    line, and across a line break only where the sentence visibly wraps (the line before ends without a stop,
    the line after goes on in lower case). Resumes break lines between items far more often than inside a
    sentence, so a line is where a sentence is assumed to end otherwise."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = line_start
    for m in _STOP_RX.finditer(text, line_start, start):
        left = m.end()
    if left == line_start and text[line_start:line_start + 1].islower() and line_start > 1:
        previous = text.rfind("\n", 0, line_start - 1) + 1
        tail = text[previous:line_start - 1].rstrip()
        if tail and not _STOP_RX.search(tail[-1:] + " "):
            left = previous
            for m in _STOP_RX.finditer(text, previous, line_start - 1):
                left = m.end()
    stop = _STOP_RX.search(text, end, line_end)
    right = stop.start() if stop else line_end
    if stop is None and line_end < len(text) and text[line_end + 1:line_end + 2].islower():
        nxt = text.find("\n", line_end + 1)
        nxt = len(text) if nxt < 0 else nxt
        stop = _STOP_RX.search(text, line_end + 1, nxt)
        right = stop.start() if stop else nxt
    return left, right


# Each rule with the words one of its matches must hold (lower case): the text is searched for these first,
# and a rule's pattern runs only on the lines around them (a pattern opening with an alternation of words is
# tried at every character of a resume by Python's regex engine).
_OTHERS_RULES = (
    (_ABOUT_ORGANISATION_RX, False, (" is a", " is an", " is one", " is the", " was a", " was an", " was one",
                                     " are a", " are one", " are the", "provides", "offers", "speciali", "caters",
                                     "catering", "serves", "deals in", "engaged", "focuses", "focused", "manufactures",
                                     "sells", "develops products", "provider", "supplier", "manufacturer")),
    (_NAMED_OTHERS_RX, False, (" like ", "such as", "including", "viz")),
    (_HIRING_OTHERS_RX, True, ("recruit", "hir", "sourc", "plac", "staff")),
    (_PLAN_RX, False, ("road",)),
)


def _lines_with(text: str, low: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of the runs of text around each needle: the needle's line with the lines on either side,
    so a sentence wrapped over lines is searched whole."""
    spans = []
    for needle in needles:
        pos = low.find(needle)
        while pos >= 0:
            line_start = text.rfind("\n", 0, pos) + 1
            s = text.rfind("\n", 0, max(line_start - 1, 0)) + 1 if line_start else 0
            line_end = text.find("\n", pos)
            e = text.find("\n", line_end + 1) if line_end >= 0 else -1
            e = len(text) if e < 0 else e
            spans.append((s, e))
            pos = low.find(needle, e)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def others_spans(text: str, positions: list[int] | None = None) -> list[tuple[int, int, bool]]:
    """Sentences (start, end, hiring) that describe an organisation, name other organisations, hire others or
    plan: skills named there are not the candidate's. `hiring` marks the recruiter's sentences, where the
    recruiter's own trade (sourcing, interviewing) still counts. With `positions` (sorted offsets of skill
    names), only the parts of the text holding one are read."""
    out = []
    low = text.lower()
    for rx, hiring, needles in _OTHERS_RULES:
        for a, b in _lines_with(text, low, needles):
            if positions is not None:
                k = bisect.bisect_left(positions, a)
                if k == len(positions) or positions[k] >= b:
                    continue
            for m in rx.finditer(text, a, b):
                s, e = _sentence_around(text, m.start(), m.end())
                if rx is _NAMED_OTHERS_RX:
                    s = m.start()  # "Coordinated with vendors like …": the candidate's own words come before the list
                out.append((s, e, hiring))
    return out

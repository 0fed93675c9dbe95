"""The pieces of a role's header and what each reads as: a title (job words), an employer (company cues),
a place or a date word."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from screening.nlp.facts import TextSpan
from screening.nlp.layout import heading_key, section_heading_table
from screening.nlp.organisations import employer_words, has_legal_form, institution_words
from screening.nlp.rules import WORD_RX, lexicon, load_rules, word_set, words_by_label

# (compiled once: the `re` module's own cache is small and shared with every other library in the process)
_PLACE_SPLIT_RX = re.compile(r"[,/]")

# "Accenture -", "Infosys Limited - Hyderabad, Telangana": Indeed's company line
INDEED_COMPANY_RX = re.compile(r"^(?P<org>\S.{0,90}?)\s+-(?:\s+(?P<loc>[^\-]{1,60}?))?(?:\s+-)?\s*$")
# "Company: X", "Designation - Y", and the label column of form-like templates: "Occupation or position held | Y",
# "Name and address of employer | X" (Europass)
LABEL_RX = re.compile(
    r"^(?P<label>company(?:\s+name)?|employer|organi[sz]ation|firm|designation|job\s+title|title|position|role|post|"
    r"name\s+(?:and\s+address\s+)?of\s+(?:the\s+)?employer|occupation(?:\s+or\s+position\s+held)?|position\s+held)"
    r"\s*[:\-|]\s*"
    r"|^(?-i:(?P<caps_label>COMPANY|EMPLOYER|ORGANI[SZ]ATION|DESIGNATION|POSITION|ROLE))\s+(?=\S)",
    re.IGNORECASE,
)
ABBREV_END_RX = re.compile(r"(?:\b(?:ltd|inc|co|corp|pvt|llc|plc|jr|sr|st|dept|govt|intl|bros|no)|(?:^|[\s.])[A-Za-z])\.$", re.IGNORECASE)
EDGE_CHARS = " \t,;:|-\u2013\u2014()[]{}/.\u00a0\u2022\u00b7*\"'\u201c\u201d\u2666\u25c6\u27a2\u2756"
_STATE_PLACEHOLDER = {"city", "state", "country"}


@dataclass
class Segment:
    start: int
    end: int
    text: str
    line: int  # line index
    kind: str = ""  # "title" | "employer" | "location" | ""
    title_score: float = 0.0
    employer_score: float = 0.0


@functools.lru_cache(maxsize=1)
def vocab():
    titles = words_by_label("title_words")
    places = words_by_label("places")
    return (
        titles.get("title_head", frozenset()),
        titles.get("title_modifier", frozenset()),
        employer_words(),
        {c.lower() for c in places.get("state_code", ())},
    )


def names_a_job(s: str) -> bool:
    """Ends in a job word and carries no legal form: "Band-Sub band/ Designation U4 / DevOps Consultant"."""
    words = [w.lower() for w in WORD_RX.findall(s)]
    return bool(words) and words[-1] in vocab()[0] and not has_legal_form(set(words))


_OPENING = {")": "(", "]": "[", "}": "{"}
_CLOSING = {v: k for k, v in _OPENING.items()}


def trimmed(text: str, start: int, end: int) -> TextSpan | None:
    while start < end and text[start] in EDGE_CHARS:
        if text[start] in "([{" and text.find(_CLOSING[text[start]], start, end) > 0:
            break  # "(MIS & Audit) Executive" keeps its bracket
        start += 1
    while end > start and text[end - 1] in EDGE_CHARS:
        # keep the dot of "Inc." / "Ltd." and a bracket closed inside: "Senior Executive (MIS & Audit)"
        if text[end - 1] == "." and ABBREV_END_RX.search(text[max(start, end - 6):end]):
            break
        if text[end - 1] in _OPENING and text.count(_OPENING[text[end - 1]], start, end) >= text.count(text[end - 1], start, end):
            break
        end -= 1
    if end <= start or not any(c.isalpha() for c in text[start:end]):
        return None
    return TextSpan(text[start:end], start, end)


def is_location(s: str) -> bool:
    """"Hyderabad, Telangana", "San Francisco, CA", "City , State", "Pune": every part a known place."""
    _, _, _, codes = vocab()
    parts = [p.strip(" .") for p in _PLACE_SPLIT_RX.split(s) if p.strip(" .")]
    if not parts or len(s) > 60:
        return False
    places = lexicon("places", "country", "state", "city")
    known = 0
    for p in parts:
        low = p.lower()
        if low in codes or low in _STATE_PLACEHOLDER or low in ("in", "us", "usa", "uk"):
            known += 1
            continue
        found = places.find(p)
        covered = sum(e - s for s, e, *_ in found)
        if found and covered >= len(p.replace(" ", "")) * 0.6:
            known += 1
    # an unknown city is fine when a known region follows it ("Hubli, Karnataka")
    return known == len(parts) or (len(parts) >= 2 and known >= len(parts) - 1 and parts[0][:1].isupper() and known >= 1 and _known_last(parts))


def is_region(s: str) -> bool:
    """A state, province or country alone ("TX", "Karnataka", "State"), no city."""
    low = s.strip(" .").lower()
    if low == "city":
        return False
    if low in vocab()[3] or low in _STATE_PLACEHOLDER or "," in s:
        return "," not in s
    found = lexicon("places", "country", "state").find(s)
    return bool(found) and found[0][0] == 0 and found[-1][1] >= len(s.strip(" .")) - 1


def _known_last(parts: list[str]) -> bool:
    _, _, _, codes = vocab()
    last = parts[-1].lower()
    return last in codes or last in _STATE_PLACEHOLDER or bool(lexicon("places", "country", "state", "city").find(parts[-1]))


@functools.lru_cache(maxsize=1)
def _date_words() -> frozenset[str]:
    return frozenset(row["pattern"] for row in load_rules("date_words"))


def is_date_word(s: str) -> bool:
    return s.lower().strip(" .'") in _date_words()




# Words a title or an employer's name does not start with: the segment is a piece of a sentence
# ("as a Subject Matter Expert …", "While going to school", "I supported myself as …", "by I-Point …").
_FRAGMENT_START = frozenset(
    "i my me we our us you he she they as by while during for with from to since and or but of in at on into "
    "when where which who that this these those if because after before through until till also including "
    "responsible handling managing worked working".split()
)
_FUNCTION_END = frozenset("a an the of and or to for with in at by on from as according per than".split())
_NAME_LOWER_OK = frozenset("of and the & for de da di la le van von der an".split())


def is_fragment(seg: Segment, prose: bool = True) -> bool:
    """A piece of a sentence rather than a title or a name (with `prose`, also a mostly lower-case run of words)."""
    words = WORD_RX.findall(seg.text)
    if not words:
        return True
    first, last = words[0].lower(), words[-1].lower()
    if first in _FRAGMENT_START and not (first == "the" and seg.kind != "title"):
        return True
    # "Fjordline Analytics AS": an upper-case "AS" after mixed-case words is a legal form, not "as"
    acronym = words[-1].isupper() and len(words[-1]) > 1 and not seg.text.isupper()
    if last in _FUNCTION_END and len(words) > 1 and not acronym:
        return True
    if not prose:
        return False
    lower = [w for w in words if w[:1].islower() and w not in _NAME_LOWER_OK]
    return len(words) >= 5 and len(lower) * 2 >= len(words)


# How much a word says about what a header piece is. The scores are counts of evidence, not fitted weights:
# what matters downstream is their sign and which of the two is larger.
#   a job word (engineer, analyst, nurse) is one piece of title evidence; in last place, where English puts the
#   head of a noun phrase ("Senior Data Engineer"), it counts twice, so one head at the end outweighs a head
#   word used as a modifier ("Engineering Manager" is a manager);
#   a modifier (senior, lead, assistant) is half a piece: it only qualifies a job word;
#   a company word (Technologies, Bank, Ltd) is two pieces of employer evidence, one whole job word's worth;
#   a job named after its field ("Bank Manager") keeps a quarter of its employer evidence, below any title;
#   a short all-capitals piece with no job word ("UNISYS", "SAP AG") gets half a piece: acronyms name firms
#   more often than jobs;
#   a digit costs a piece of title evidence: titles rarely hold numbers, ids and addresses do.
_HEAD_WORD, _HEAD_LAST, _MODIFIER, _COMPANY_WORD = 1.0, 2.0, 0.5, 2.0
_FIELD_JOB_SHARE, _CAPS_NAME, _DIGIT_PENALTY = 0.25, 0.5, 1.0
# a lower-case word of four letters or fewer is a common word ("its", "lab"), not the company word it spells
_SHORT_COMMON_WORD = 4


def score_segment(seg: Segment) -> None:
    heads, modifiers, org_words, _ = vocab()
    words = [w for w in WORD_RX.findall(seg.text)]
    lower = [w.lower() for w in words]
    if not words:
        return
    title = 0.0
    for i, w in enumerate(lower):
        if w in heads:
            title += _HEAD_LAST if i == len(lower) - 1 else _HEAD_WORD
        elif w in modifiers:
            title += _MODIFIER
    org = 0.0
    for w, raw in zip(lower, words, strict=True):
        if w in org_words and (len(w) > _SHORT_COMMON_WORD or not raw.islower()):
            org += _COMPANY_WORD
    if lower[-1] in heads and org and not has_legal_form(set(lower)):
        org *= _FIELD_JOB_SHARE  # "Global Finance Accountant", "Bank Manager": a job named after its field
    departments = word_set("title_words", "department")
    # (three words at most: a longer run in capitals is a heading or a title, not a firm's acronym)
    if len(words) <= 3 and seg.text.isupper() and len(seg.text) >= 2 and title == 0 and not set(lower) <= departments:
        org += _CAPS_NAME  # "UNISYS", "SAP AG" (not "HR", "IT")
    if any(ch.isdigit() for ch in seg.text):
        title -= _DIGIT_PENALTY
    seg.title_score = title
    seg.employer_score = org


def not_a_job(s: str) -> bool:
    """A word that heads a section ("Personal", "Objective") or names a school ("College")."""
    key = heading_key(s)
    table = section_heading_table()
    words = {w.lower() for w in WORD_RX.findall(s)}
    return key in table or (len(words) <= 2 and bool(words & institution_words()))



def org_score(s: str) -> float:
    probe = Segment(0, len(s), s, -1)
    score_segment(probe)
    return probe.employer_score


# what an employer's name does not end with: "Microsoft project", "Oncology domain", "B2X process"
_NOT_ORG_END = frozenset("project projects team teams domain process processes account client clients department".split())
_INNER_PREPOSITION_RX = re.compile(r"\s(?:in|for|at|with|on|as|from|to|during)\s")
_VERSION_RX = re.compile(r"(?<![\w.])\d+(?:\.\d+)+(?![\w.])")


def is_employer_name(s: str) -> bool:
    """Not "Microsoft project", "Oncology domain", "CRM 7.02": a client's project, a field, a product version."""
    words = WORD_RX.findall(s)
    return bool(words) and words[-1].lower() not in _NOT_ORG_END and not _VERSION_RX.search(s)


def is_org_name(s: str) -> bool:
    """An employer named on a title line reads as a name: "Skava an Infosys Company", not "AMEX in iFIND"."""
    words = WORD_RX.findall(s)
    return bool(words) and words[-1].lower() not in _NOT_ORG_END and not _INNER_PREPOSITION_RX.search(s)


def name_like(seg: Segment) -> bool:
    """"Globex", "Data Analyst": short, capitalised, no digits or sentence punctuation."""
    words = seg.text.split()
    return (
        1 <= len(words) <= 6
        and seg.text[:1].isupper()
        and not (seg.text.endswith(".") and not ABBREV_END_RX.search(seg.text))
        and not any(ch.isdigit() for ch in seg.text)
    )


def text_span(seg: Segment | None) -> TextSpan | None:
    if seg is None:
        return None
    return TextSpan(seg.text, seg.start, seg.end)

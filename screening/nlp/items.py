"""Listed achievements: certifications, projects, open-source work, publications, awards, competitions,
and spoken languages.

Inside their own section each entry is an item (its first line, as a span). Elsewhere an item needs a
clear cue on its line: "hackathon", "Kaggle competition", "published in", arXiv/DOI, "contributor to",
a certification name (PMP, CCNA, "AWS Certified …"); cue phrases are data (`patterns/item_cues.jsonl`,
`patterns/certifications.jsonl`) matched by the `screening_cues` component.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from screening.nlp.facts import Item, Language, Link
from screening.nlp.layout import BULLET_RX, Layout, Line

# (compiled once: the `re` module's own cache is small and shared with every other library in the process)
_PUNCTUATION_RX = re.compile(r"[^\w\s]")

# a line that labels a detail of the entry above it rather than starting a new entry
_DETAIL_LABEL_RX = re.compile(
    r"^(?:duration|role|team\s*size|technolog(?:y|ies)|tools?(?:\s+used)?|environment|status|abstract|description|"
    r"responsibilit(?:y|ies)|client|platform|languages?|database|front\s*end|back\s*end|domain|objective|summary|"
    r"details|location|period|date|year|organi[sz]ed\s+by|issued\s+by|skills?\s+used|outcome|url|link|github|"
    r"contribution|key\s+features|modules?|framework|software|hardware|operating\s+system|os|ide|team|place)\s*[:\-]",
    re.IGNORECASE,
)
_TITLE_LABEL_RX = re.compile(r"(?:#\s*\d+\s*)?(?:project\s+(?:title|name)|title|project|name\s+of\s+(?:the\s+)?project)\s*(?:\d+\s*)?[:\-]\s*", re.IGNORECASE)
_ARXIV_RX = re.compile(r"\barxiv\b", re.IGNORECASE)
_DOI_RX = re.compile(r"\b(?:doi\s*:|doi\.org/|10\.\d{4,9}/)", re.IGNORECASE)
_YEAR_RX = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-6]\d)(?!\d)")
_REPO_LINK_RX = re.compile(r"^https://(?:github\.com|gitlab\.com|bitbucket\.org)/[^/]+/[^/]+")
_LANGUAGE_CUE_RX = re.compile(
    r"\b(?:languages?(?:\s+known|\s+spoken)?|fluent\s+in|mother\s+tongue|native\s+(?:speaker|language)|speak|spoken|bilingual|multilingual|proficient\s+in)\b",
    re.IGNORECASE,
)
_LANGUAGE_ITEM_SEP_RX = re.compile(r"[,;|/\u2022\u00b7\t]|\s{2,}|\band\b")
_LANGUAGE_FILLER = frozenset(
    "in and speak read write speaking reading writing spoken written language languages known level proficiency "
    "proficient fluent fluently with skills skill mother tongue native good excellent basic fair knowledge of "
    "the a an both can very".split()
)

SECTION_KINDS = ("certifications", "projects", "open_source", "publications", "awards", "competitions")


@dataclass(frozen=True, slots=True)
class Achievements:
    certifications: tuple[Item, ...]
    projects: tuple[Item, ...]
    open_source: tuple[Item, ...]
    publications: tuple[Item, ...]
    awards: tuple[Item, ...]
    competitions: tuple[Item, ...]
    languages: tuple[Language, ...]


# Cues of open-source work that are also everyday English, and the words that make them open source.
_GENERIC_CONTRIBUTION_CUES = frozenset(("contributed to", "contributor to", "core contributor"))
_OPEN_SOURCE_RX = re.compile(
    r"\b(?:open[\s-]?source|github|gitlab|bitbucket|pypi|npm|cran|crates\.io|apache|librar(?:y|ies)|packages?|"
    r"pull\s+requests?|repositor(?:y|ies)|repos?|upstream|plugins?|maintainers?|commits?)\b",
    re.IGNORECASE,
)


def read_achievements(layout: Layout, cues: list[tuple[int, int, str, str]], links: tuple[Link, ...]) -> Achievements:
    text = layout.text
    found: dict[str, list[Item]] = {kind: [] for kind in SECTION_KINDS}
    covered: set[int] = set()  # line indexes already used for an item
    cue_by_line: dict[int, list[tuple[int, int, str, str]]] = {}
    for cue in cues:
        line = layout.line_at(cue[0])
        if line is not None:
            cue_by_line.setdefault(line.index, []).append(cue)
    for section in layout.sections:
        if section.name not in SECTION_KINDS:
            continue
        body = section.heading.end if section.heading else section.start
        lines = layout.lines_between(body, section.end)
        entries = _project_entries(lines) if section.name == "projects" else _list_entries(lines)
        for first, last in entries:
            item_text_line = first
            span = _item_span(text, item_text_line)
            if span is None:
                continue
            s, e = span
            extent_end = last.end
            years = [int(y) for y in _YEAR_RX.findall(text, first.start, extent_end)]
            kind = _kind(section.name, text[first.start:extent_end], [c for ln in range(first.index, last.index + 1) for c in cue_by_line.get(ln, ())], links, first.start, extent_end)
            found[section.name].append(Item(text[s:e], s, e, kind, max(years) if years else None))
            covered.update(range(first.index, last.index + 1))
    # cue lines outside the matching section
    for line_index, line_cues in sorted(cue_by_line.items()):
        if line_index in covered:
            continue
        line = layout.lines[line_index]
        section_name = layout.section_at(line.start)
        if section_name in ("references", "education"):
            continue
        for target in ("competitions", "publications", "open_source", "certifications", "awards"):
            if section_name == target:
                continue
            hits = [c for c in line_cues if c[2] == target]
            if target == "awards" and section_name == "experience":
                hits = [c for c in hits if c[3] in ("scholarship", "honor")]
            if target == "open_source" and not _OPEN_SOURCE_RX.search(line.text):
                # "Contributed to team effort", "key contributor to the strategic plan": outside its own
                # section, contributing is open-source work only when the line says where the code went
                hits = [c for c in hits if text[c[0]:c[1]].lower() not in _GENERIC_CONTRIBUTION_CUES]
            if not hits:
                continue
            if len(line.text) > 220:
                s, e = _sentence_around(text, line, hits[0][0])
            else:
                span = _item_span(text, line)
                if span is None:
                    continue
                s, e = span
            years = [int(y) for y in _YEAR_RX.findall(text, s, e)]
            kind = _kind(target, text[s:e], hits, links, s, e)
            found[target].append(Item(text[s:e], s, e, kind, max(years) if years else None))
            covered.add(line_index)
            break
    # a public repository linked from a project or a role is open-source work too
    open_lines = {line.index for i in found["open_source"] if (line := layout.line_at(i.start))}
    for link in links:
        if _REPO_LINK_RX.match(link.url):
            line = layout.line_at(link.start)
            if line is None or line.index in open_lines or layout.section_at(link.start) == "header":
                continue
            span = _item_span(text, line)
            if span:
                found["open_source"].append(Item(text[span[0]:span[1]], span[0], span[1], link.kind, None))
                open_lines.add(line.index)
    languages = _spoken_languages(layout, cues)
    def in_order(kind: str) -> tuple[Item, ...]:
        return tuple(sorted(found[kind], key=lambda i: i.start))

    return Achievements(
        certifications=in_order("certifications"),
        projects=in_order("projects"),
        open_source=in_order("open_source"),
        publications=in_order("publications"),
        awards=in_order("awards"),
        competitions=in_order("competitions"),
        languages=languages,
    )


def _item_span(text: str, line: Line) -> tuple[int, int] | None:
    s, e = line.start, line.end
    b = BULLET_RX.match(line.text)
    if b:
        s += b.end()
    m = _TITLE_LABEL_RX.match(text, s, e)
    if m and m.end() < e:
        s = m.end()
    while s < e and text[s] in " \t:-\u2013\u2014*":
        s += 1
    while e > s and text[e - 1] in " \t:-\u2013\u2014*,;":
        e -= 1
    if e - s < 3 or not any(c.isalpha() for c in text[s:e]):
        return None
    return s, e


def _sentence_around(text: str, line: Line, pos: int) -> tuple[int, int]:
    s = max(text.rfind(". ", line.start, pos) + 2, line.start) if text.rfind(". ", line.start, pos) >= 0 else line.start
    e = text.find(". ", pos, line.end)
    e = line.end if e < 0 else e + 1
    while s < e and text[s].isspace():
        s += 1
    return s, e


def _list_entries(lines: list[Line]) -> list[tuple[Line, Line]]:
    """Certifications, awards, publications: every line is an entry, except continuations of the one above."""
    entries: list[list[Line]] = []
    for line in lines:
        if entries:
            prev = entries[-1][-1]
            starts_lower = line.text[:1].islower()
            open_end = prev.text.rstrip().endswith((",", "-", "&", "and", "of", "in", "for", "the", "at", "on"))
            if (starts_lower or open_end or _DETAIL_LABEL_RX.match(line.text)) and not BULLET_RX.match(line.text):
                entries[-1].append(line)
                continue
        entries.append([line])
    return [(e[0], e[-1]) for e in entries]


def _project_entries(lines: list[Line]) -> list[tuple[Line, Line]]:
    """Projects: a title line and its details. Titles are labelled ("Title: …", "#1"), or short lines opening a block."""
    if not lines:
        return []
    labelled = [ln for ln in lines if _TITLE_LABEL_RX.match(BULLET_RX.sub("", ln.text, count=1))]
    starts: list[Line] = []
    if labelled:
        starts = labelled
    else:
        bullets = [ln for ln in lines if BULLET_RX.match(ln.text)]
        short_bullets = all(len(ln.text) <= 120 for ln in bullets)
        if bullets and len(bullets) == len(lines) and short_bullets:
            starts = list(lines)
        else:
            for k, ln in enumerate(lines):
                if _DETAIL_LABEL_RX.match(BULLET_RX.sub("", ln.text, count=1)) or BULLET_RX.match(ln.text):
                    continue
                words = ln.text.split()
                title_like = len(words) <= 12 and not ln.text.endswith(".")
                if title_like and (k == 0 or ln.blank_before or BULLET_RX.match(lines[k - 1].text) or _DETAIL_LABEL_RX.match(lines[k - 1].text)):
                    starts.append(ln)
            if not starts:
                starts = [lines[0]]
    entries = []
    start_indexes = [ln.index for ln in starts]
    for n, first in enumerate(starts):
        stop = start_indexes[n + 1] if n + 1 < len(starts) else None
        last = first
        for ln in lines:
            if ln.index > first.index and (stop is None or ln.index < stop):
                last = ln
        entries.append((first, last))
    return entries


def _kind(section: str, item_text: str, cues: list[tuple[int, int, str, str]], links: tuple[Link, ...], start: int, end: int) -> str:
    kinds = [c[3] for c in cues if c[2] == section]
    if section == "open_source":
        for link in links:
            if start <= link.start < end and link.kind in ("github", "gitlab"):
                return link.kind
        return kinds[0] if kinds else "contribution"
    if section == "certifications":
        issuers = [c[3] for c in cues if c[2] == "issuer"]
        return issuers[0] if issuers else ""
    if section == "competitions":
        return kinds[0] if kinds else "contest"
    if section == "publications":
        # identifiers are one token to the cue matcher ("arXiv:2101.00001"): read them from the text
        if _ARXIV_RX.search(item_text):
            return "arxiv"
        if _DOI_RX.search(item_text):
            return "doi"
        return kinds[0] if kinds else "paper"
    if section == "awards":
        return kinds[0] if kinds else "award"
    return kinds[0] if kinds else ""


def _spoken_languages(layout: Layout, cues: list[tuple[int, int, str, str]]) -> tuple[Language, ...]:
    text = layout.text
    names = [c for c in cues if c[2] == "language"]
    levels = [c for c in cues if c[2] == "level"]
    out: list[Language] = []
    seen: set[str] = set()
    for start, end, _, name in names:
        line = layout.line_at(start)
        if line is None:
            continue
        section = layout.section_at(start)
        if section != "languages" and not _LANGUAGE_CUE_RX.search(text, line.start, line.end):
            continue
        # the list item holding the name: "Spanish (fluent)", "Fluent in French"
        left = text[line.start:start]
        right = text[end:line.end]
        seps = list(_LANGUAGE_ITEM_SEP_RX.finditer(left))
        item_start = line.start + (seps[-1].end() if seps else 0)
        colon = text.rfind(":", item_start, start)
        if colon >= 0:
            item_start = colon + 1
        nxt = _LANGUAGE_ITEM_SEP_RX.search(right)
        item_end = end + (nxt.start() if nxt else len(right))
        # a closing parenthesis belongs to the item: "English (native)"
        if text.count("(", item_start, item_end) > text.count(")", item_start, item_end):
            close = text.find(")", item_end, line.end)
            if close >= 0:
                item_end = close + 1
        b = BULLET_RX.match(text[item_start:item_end]) if item_start < item_end else None
        if b:
            item_start += b.end()
        while item_start < item_end and text[item_start] in " \t-\u2013:":
            item_start += 1
        while item_end > item_start and text[item_end - 1] in " \t.-\u2013:":
            item_end -= 1
        item = text[item_start:item_end]
        level_hits = [lv for lv in levels if item_start <= lv[0] and lv[1] <= item_end]
        level_words = {text[s:e].lower() for s, e, *_ in level_hits}
        other_names = [c for c in names if item_start <= c[0] and c[1] <= item_end and c[0] != start]
        rest = _PUNCTUATION_RX.sub(" ", item.lower())
        # longest first, so "native speaker" goes before "native" (and the result never depends on set order)
        for w in sorted(level_words | {text[s:e].lower() for s, e, *_ in other_names} | {text[start:end].lower()}, key=lambda w: (-len(w), w)):
            rest = rest.replace(w, " ")
        if any(w not in _LANGUAGE_FILLER and not w.isdigit() for w in rest.split()):
            # "Tamil Nadu", "English medium school": the name is part of something else
            if section != "languages" or len(rest.split()) > 3:
                continue
        if other_names:
            # two names in one item ("English and Hindi"): each keeps only its own name
            item_start, item_end = start, end
            level_hits = []
        if name in seen:
            continue
        seen.add(name)
        level = level_hits[0][3] if level_hits else None
        out.append(Language(text[item_start:item_end], item_start, item_end, name, level))
    return tuple(out)

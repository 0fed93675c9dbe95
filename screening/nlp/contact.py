"""Who the resume belongs to and how to reach them: name, emails, phones, profile links, location.

The name is not the first line blindly: titles ("Curriculum Vitae", "Resume"), honorifics, contact
lines, job titles and addresses are skipped, and an ALL-CAPS name keeps its original text. Phones go
through `phonenumbers` with a default region guessed from the text, so years, date ranges and ids are
not mistaken for phone numbers.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import phonenumbers

from screening.nlp.facts import Link, Phone, TextSpan
from screening.nlp.layout import BULLET_RX, Layout, Line, heading_key
from screening.nlp.organisations import employer_words
from screening.nlp.rules import lexicon, load_rules, words_by_label

# (compiled once: the `re` module's own cache is small and shared with every other library in the process)
_WHITESPACE_RX = re.compile(r"\s+")
_SCHEME_RX = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_COUNTRY_CODE_RX = re.compile(r"\+(\d{1,3})[\s\-(]")
_NOT_NAME_CHARS_RX = re.compile(r"[@/:\\|()\[\]{}<>+=_#*%&]")

EMAIL_RX = re.compile(
    r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9][A-Za-z0-9\-]{0,62}(?:\.[A-Za-z0-9\-]{1,63}){0,4}\.[A-Za-z]{2,12}(?![\w])"
)
_URL_CHARS = r"[^\s<>()\[\]{}\"',;|\u2022]"
_PROFILE_HOSTS = r"(?:github\.com|gitlab\.com|linkedin\.com|kaggle\.com|stackoverflow\.com|scholar\.google\.[a-z.]{2,6}|indeed\.com|bitbucket\.org|behance\.net|dribbble\.com|medium\.com|huggingface\.co)"
URL_RX = re.compile(
    rf"(?<![\w@/.\-])(?:(?:https?://|www\.){_URL_CHARS}{{2,300}}|(?:[a-z]{{2,3}}\.)?{_PROFILE_HOSTS}/{_URL_CHARS}{{1,300}})",
    re.IGNORECASE,
)
# a personal site written bare in the header: "janedoe.dev", "ada.io/work"
_BARE_SITE_RX = re.compile(r"(?<![\w@/.\-])[a-z0-9][a-z0-9\-]{1,40}\.(?:com|io|dev|me|net|org|ai|co|tech|site|xyz|app|page|info)(?:/[^\s,;|]{0,100})?(?![\w@])")
_PATH_CONTINUATION_RX = re.compile(r"[A-Za-z0-9_\-/]{4,80}")
_PHONE_RX = re.compile(r"(?<![\w+/.\-])(?:\+|00)?\(?\d[\d \t().\-\u2013]{5,20}\d(?![\w/]|[.\-]\d)")
_YEAR_GROUPS_RX = re.compile(r"^\(?(?:19|20)\d\d\)?(?:\s*[\-\u2013.\s]\s*\(?(?:19|20)?\d\d\)?)?$")
_PHONE_CUE_RX = re.compile(r"(?:phone|mobile|mob|cell|tel|telephone|contact|ph|call|whatsapp|m)\b\W{0,4}$", re.IGNORECASE)
_ID_CUE_RX = re.compile(
    r"(?:\bid|\bno|number|licen[cs]e|roll|reg(?:istration)?|pin|zip|postal|passport|aadhaa?r|pan|account|a/c|ssn|dob|isbn|doi)\W{0,4}$",
    re.IGNORECASE,
)
_HONORIFIC_RX = re.compile(r"^(?:mr|mrs|ms|miss|mx|dr|prof|er|sri|shri|smt|kum|sir)\.?\s+", re.IGNORECASE)
_DOC_TITLE_RX = re.compile(
    r"^(?:curriculum\s*vitae|resume|résumé|r[eé]sum[eé]|cv|bio[\s\-]?data|biodata|profile)\b\W*(?:of\b\W*)?", re.IGNORECASE
)
# "Name: Jane Doe", and "Name | Jane Doe" where a form-like template (Europass) puts labels in a table column
_NAME_LABEL_RX = re.compile(r"^(?:full\s+)?name\s*[:\-|]\s*", re.IGNORECASE)
# a name word: letters, joined inside by a hyphen or an apostrophe ("Mei-Ling", "Dubois-Laurent", "O'Brien")
_NAME_WORD_RX = re.compile(r"^(?:[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*\.?|[^\W\d_]\.)$")
_SEPARATORS_RX = re.compile(r"\s*(?:\||\u2022|\u00b7|\t|\s{3,}|\s[\-\u2013\u2014]\s)\s*")
_CREDENTIAL_RX = re.compile(r",\s*(?:[A-Z][A-Za-z.]{1,6})(?:\s*,\s*[A-Z][A-Za-z.]{1,6})*\s*$")
# words that make a line something other than a name
_NOT_NAME_WORDS = frozenset(
    """objective summary profile contact address phone mobile email e-mail page personal details information career
    professional experience education skills curriculum vitae resume cv declaration date place street road nagar
    apartment apt floor lane avenue sector block near india university college school institute limited ltd inc
    pvt private company technologies solutions services systems software hospital bank email indeed linkedin
    github portfolio website www http https com gmail yahoo hotmail outlook years year months experience fresher
    seeking looking position job opportunity hiring application candidate work business development support
    sales marketing management operations customer technical technology data analytics finance financial
    accounting human resources office administrative legal medical clinical health care nursing quality production
    maintenance project program digital media design creative field""".split()
)
_MAX_PHONE_CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class Contact:
    name: TextSpan | None
    emails: tuple[TextSpan, ...]
    phones: tuple[Phone, ...]
    links: tuple[Link, ...]
    location: TextSpan | None


def read_contact(layout: Layout) -> Contact:
    text = layout.text
    emails = _emails(text)
    links = _links(layout)
    taken = [(e.start, e.end) for e in emails] + [(link.start, link.end) for link in links]
    phones = _phones(layout, taken)
    name = _name(layout)
    location = _location(layout, name)
    return Contact(name, emails, phones, links, location)


_CHUNK_RX = re.compile(r"\S+")


def _chunks_with(text: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """Whitespace-separated chunks holding one of `needles`: where the costly patterns are worth running."""
    spans = set()
    for needle in needles:
        pos = text.find(needle)
        while pos >= 0:
            left = pos
            while left > 0 and not text[left - 1].isspace() and pos - left < 300:
                left -= 1
            m = _CHUNK_RX.match(text, pos)
            right = m.end() if m else pos + len(needle)
            spans.add((left, right))
            pos = text.find(needle, right)
    return sorted(spans)


def _emails(text: str) -> tuple[TextSpan, ...]:
    out, seen = [], set()
    for m in (m for s, e in _chunks_with(text, ("@",)) for m in EMAIL_RX.finditer(text, max(0, s - 1), e)):
        value = m.group().rstrip(".")
        key = value.lower()
        if key not in seen:
            seen.add(key)
            out.append(TextSpan(value, m.start(), m.start() + len(value)))
    return tuple(out)


def _link_kind(host: str, path: str) -> str:
    host = host.lower()
    if host.endswith("github.com") or host.endswith("github.io"):
        return "github"
    if host.endswith("linkedin.com"):
        return "linkedin"
    if host.endswith("gitlab.com"):
        return "gitlab"
    if host.endswith("kaggle.com"):
        return "kaggle"
    if host.endswith("stackoverflow.com") or host.endswith("stackexchange.com"):
        return "stackoverflow"
    if host.startswith("scholar.google."):
        return "scholar"
    if host.endswith("indeed.com") and path.lower().startswith("/r/"):
        return "indeed"
    return "other"


_CANONICAL_HOST = {
    "github": "github.com",
    "gitlab": "gitlab.com",
    "linkedin": "www.linkedin.com",
    "kaggle": "www.kaggle.com",
    "stackoverflow": "stackoverflow.com",
    "indeed": "www.indeed.com",
}
_SOCIAL = ("twitter.com", "x.com", "facebook.com", "instagram.com", "youtube.com", "t.me", "wa.me", "google.com")
# hosts whose profile URL is the path alone: tracking query strings are dropped
_PATH_ONLY = ("github", "linkedin", "gitlab", "kaggle", "stackoverflow", "indeed")


def _normalise_url(raw: str, kind: str) -> str:
    raw = _WHITESPACE_RX.sub("", raw)
    if not _SCHEME_RX.match(raw):
        raw = "https://" + raw
    parts = urlsplit(raw)
    host = parts.netloc.lower()
    path = parts.path.rstrip("/")
    query, fragment = parts.query, parts.fragment
    if kind in _PATH_ONLY:
        query = fragment = ""
        # one canonical host per site: "in.linkedin.com", "linkedin.com" -> "www.linkedin.com"
        canonical = _CANONICAL_HOST.get(kind)
        if canonical and (host == canonical or host.endswith("." + canonical.removeprefix("www."))
                          or host == canonical.removeprefix("www.")):
            host = canonical
    return urlunsplit(("https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower(), host, path, query, fragment))


def _links(layout: Layout) -> tuple[Link, ...]:
    text = layout.text
    found: list[tuple[int, int]] = []
    for s, e in _chunks_with(text, ("/", "www.", "WWW.")):
        for m in URL_RX.finditer(text, max(0, s - 1), e):
            found.append((m.start(), m.end()))
    # bare personal sites only where contact details live: the header and the lines near the top
    header_end = min(layout.sections[0].end if layout.sections and layout.sections[0].name == "header" else 0, 3000)
    for m in _BARE_SITE_RX.finditer(text, 0, header_end):
        if not any(s <= m.start() < e for s, e in found) and not _inside_email(text, m.start()):
            found.append((m.start(), m.end()))
    out, seen = [], set()
    for start, end in sorted(found):
        # drop trailing punctuation a sentence put there
        while end > start and text[end - 1] in ".,:;!?)]}'\"":
            end -= 1
        # "indeed.com/r/Jane-Doe/\n8baf379b705e37c6": the profile id wrapped to the next line
        if text[end - 1] in "/-":
            line = layout.line_at(end - 1)
            nxt = layout.lines[line.index + 1] if line and line.index + 1 < len(layout.lines) else None
            if line and nxt and line.end == end and _PATH_CONTINUATION_RX.fullmatch(nxt.text):
                end = nxt.end
        raw = text[start:end]
        compact = _WHITESPACE_RX.sub("", raw)
        probe = urlsplit(compact if "://" in compact else "https://" + compact)
        kind = _link_kind(probe.netloc, probe.path)
        if kind == "other":
            host = probe.netloc.lower()
            in_header = layout.section_at(start) in ("header", "other", "summary")
            is_social = any(host == s or host.endswith("." + s) for s in _SOCIAL)
            if in_header and not is_social:
                kind = "portfolio"
        url = _normalise_url(raw, kind)
        if url in seen:
            continue
        seen.add(url)
        out.append(Link(raw, start, end, kind, url))
    return tuple(out)


def _inside_email(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and not text[j].isspace():
        if text[j] == "@":
            return True
        j -= 1
    return False


def _guess_region(layout: Layout) -> str:
    probe = layout.text[:2000]
    counts: dict[str, int] = {}
    for *_, region in lexicon("phone_regions").find(probe):
        counts[region] = counts.get(region, 0) + 1
    for m in _COUNTRY_CODE_RX.finditer(probe):
        region = phonenumbers.region_code_for_country_code(int(m.group(1)))
        if region and region != "ZZ":
            counts[region] = counts.get(region, 0) + 3
    if not counts:
        return "US"
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _phones(layout: Layout, taken: list[tuple[int, int]]) -> tuple[Phone, ...]:
    text = layout.text
    region = None
    out, seen = [], set()
    for tried, m in enumerate(_PHONE_RX.finditer(text)):
        if tried >= _MAX_PHONE_CANDIDATES:
            break  # a resume has a few numbers; thousands of digit runs are a table or noise
        start, end = m.start(), m.end()
        raw = m.group()
        # trim an unbalanced bracket the pattern took
        if raw.endswith(")") and raw.count("(") < raw.count(")"):
            raw, end = raw[:-1], end - 1
        if raw.startswith("(") and raw.count("(") > raw.count(")"):
            raw, start = raw[1:], start + 1
        digits = sum(c.isdigit() for c in raw)
        if not 7 <= digits <= 15 or "\n" in raw:
            continue
        if any(s <= start < e for s, e in taken):
            continue
        if _YEAR_GROUPS_RX.match(raw.strip()):
            continue  # "2017 - 2019", "(2015) 2018": years, not a phone
        before = text[max(0, start - 25):start]
        cue = bool(_PHONE_CUE_RX.search(before))
        if not cue and _ID_CUE_RX.search(before):
            continue
        if region is None:
            region = _guess_region(layout)
        number = None
        for attempt in dict.fromkeys((region, "US", "IN", "GB")):
            try:
                parsed = phonenumbers.parse(raw, attempt)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed):
                number = parsed
                break
            if number is None and digits >= 10 and phonenumbers.is_possible_number(parsed) and (cue or layout.section_at(start) == "header"):
                number = parsed
            if raw.lstrip().startswith(("+", "00")):
                break  # an international number does not depend on the guessed region
        if number is None:
            continue
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if e164 in seen:
            continue
        seen.add(e164)
        out.append(Phone(raw, start, end, e164))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _name_stop_words() -> frozenset[str]:
    titles = words_by_label("title_words")
    degrees = {row["pattern"].lower() for row in load_rules("degrees") if " " not in row["pattern"]}
    extra: set[str] = set()
    for label in ("title_head", "title_modifier"):
        extra |= titles.get(label, frozenset())
    extra |= {w for w in employer_words() if len(w) > 3}
    return frozenset(_NOT_NAME_WORDS | extra | {d.replace(".", "") for d in degrees if len(d) > 3})


@functools.cache
def _title_heads() -> frozenset[str]:
    return frozenset(words_by_label("title_words").get("title_head", frozenset()))


def _name_candidates(layout: Layout) -> list[Line]:
    """The lines where a name can be: the header, or the first lines when the resume opens with a heading."""
    header = layout.sections[0] if layout.sections and layout.sections[0].name == "header" else None
    lines = layout.lines_between(0, header.end) if header else []
    return lines[:12]


def document_title_spans(layout: Layout) -> list[tuple[int, int]]:
    """"Curriculum Vitae", "Resume" title lines at the top: words there are not skills."""
    out = []
    for line in layout.lines[:5]:
        m = _DOC_TITLE_RX.match(line.text)
        if m and not line.text[m.end():].strip(" :-"):
            out.append((line.start, line.end))
    return out


def _name(layout: Layout) -> TextSpan | None:
    text = layout.text
    # "Name: Jane Doe" anywhere near the top wins
    for line in layout.lines[:40]:
        m = _NAME_LABEL_RX.match(line.text)
        if m:
            span = _clean_name(text, line.start + m.end(), line.end, first_line=False)
            if span:
                return span
    for i, line in enumerate(_name_candidates(layout)):
        start, end = line.start, line.end
        m = _DOC_TITLE_RX.match(line.text)
        if m:
            start += m.end()
            if start >= end:
                continue
        span = _clean_name(text, start, end, first_line=i == 0)
        if span:
            return span
    return None


def _clean_name(text: str, start: int, end: int, *, first_line: bool) -> TextSpan | None:
    piece = text[start:end]
    # the name is the first part of a line that also carries contact details: "Jane Doe | jane@x.com"
    parts = _SEPARATORS_RX.split(piece, maxsplit=1)
    piece = parts[0]
    end = start + len(piece)
    b = BULLET_RX.match(piece)
    if b:
        start += b.end()
        piece = piece[b.end():]
    m = _HONORIFIC_RX.match(piece)
    if m:
        start += m.end()
        piece = piece[m.end():]
    c = _CREDENTIAL_RX.search(piece)
    if c:
        piece = piece[: c.start()]
    # "Kenji Watanabe, Embedded Software Engineer": a template that sets the headline beside the name
    head, comma, rest = piece.partition(",")
    if comma and set(re.findall(r"[^\W\d_]+", rest.lower())) & _title_heads():
        piece = head
    piece = piece.rstrip(" ,;:-\u2013")
    lead = len(piece) - len(piece.lstrip())
    start += lead
    piece = piece.strip()
    end = start + len(piece)
    if not piece or len(piece) > 50 or any(ch.isdigit() for ch in piece) or _NOT_NAME_CHARS_RX.search(piece):
        return None
    words = piece.split()
    if not 2 <= len(words) <= 5:
        return None
    if not all(_NAME_WORD_RX.match(w) for w in words):
        return None
    stop = _name_stop_words()
    if any(w.strip(".").lower() in stop for w in words):
        return None
    if heading_key(piece) and _is_heading_like(piece):
        return None
    if lexicon("places", "country", "state", "city").find(piece) and "," in piece:
        return None  # "Pune, Maharashtra"
    lower = [w for w in words if w[0].islower()]
    if lower and not first_line:
        return None  # lower-case words below the first line are prose; the first line may be "arjun ks"
    if len(piece.replace(".", "").replace(" ", "")) < 3:
        return None
    return TextSpan(text[start:end], start, end)


def _is_heading_like(piece: str) -> bool:
    from screening.nlp.layout import _heading_table

    table = _heading_table()[0]
    key = heading_key(piece)
    return key in table or key.replace(" ", "") in table


_LOCATION_LABEL_RX = re.compile(r"^(?:address|location|current\s+location|residence|city|based\s+in|lives\s+in)\s*[:\-]\s*", re.IGNORECASE)
_CITY_REGION_RX = re.compile(
    r"(?<![\w])([A-Z][A-Za-z.'\-]+(?:[ ][A-Z][A-Za-z.'\-]+){0,2})\s?,\s?([A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+){0,2}|[A-Z]{2})(?:\s?,\s?([A-Z][A-Za-z]+(?:[ ][A-Z][A-Za-z]+)?|[A-Z]{2,3}))?(?:\s+\d{5}(?:-\d{4})?)?(?![\w])"
)


def _location(layout: Layout, name: TextSpan | None) -> TextSpan | None:
    text = layout.text
    places = lexicon("places", "country", "state", "city")
    codes = words_by_label("places").get("state_code", frozenset())
    lines = _name_candidates(layout)[:10]
    for line in layout.lines[:40]:
        m = _LOCATION_LABEL_RX.match(line.text)
        if m:
            s = line.start + m.end()
            value = text[s:line.end].strip().rstrip(".")
            if value and len(value) <= 120:
                return TextSpan(value, s, s + len(value))
    for line in lines:
        if name and line.start <= name.start < line.end or len(line.text) > 160:
            continue  # the name line, or a run-on paragraph rather than a contact line
        for part in _SEPARATORS_RX.split(line.text):
            if not part or "@" in part or "http" in part.lower():
                continue
            for m in _CITY_REGION_RX.finditer(part):
                region = m.group(2)
                known = region.upper() in {c.upper() for c in codes} if len(region) <= 3 else bool(places.find(region))
                if known or places.find(m.group(1)):
                    s = line.start + line.text.find(part) + m.start()
                    value = m.group().strip()
                    return TextSpan(value, s, s + len(value))
    return None

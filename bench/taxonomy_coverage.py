"""Find gaps in the skills taxonomy: frequent technical-looking words and word pairs in resumes that no skill covers.

usage: python bench/taxonomy_coverage.py [--taxonomy PATH] [--top N] [--min-docs K] [PATH ...]

PATHs are resume files or folders (default: /work/shared/data/dev); .txt is read as UTF-8, .pdf through
pdfminer.six when installed (else pypdfium2). The text is tokenised with spaCy's blank English tokenizer, the same one the skill matcher uses, and
every taxonomy name and alias is matched on it (case-insensitively; case-sensitive skills on the exact case),
longest match first. What is left over is counted by the number of resumes it appears in:

- words that look technical (ALLCAPS, CamelCase, digits or + # . inside) or that are nearly always capitalised
  (tool and product names), minus common words, places, headings and job-title words;
- pairs of such adjacent words ("Data Studio", "Oracle Forms").

When a DataTurks gold file (annotated/gold.jsonl) is among the inputs' folders, it also measures how many of the
annotated "Skills" items contain at least one taxonomy form, and lists the items that contain none.
Nothing is written; the output is for a person deciding what to add.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TAXONOMY = ROOT / "screening" / "nlp" / "data" / "skills.jsonl"
PATTERNS = ROOT / "screening" / "nlp" / "patterns"
DEFAULT_INPUT = Path("/work/shared/data/dev")

# Words that are capitalised in resumes for reasons other than being a tool: headings, months, boilerplate.
RESUME_WORDS = set("""
a an the and or of in on at to for with by from as is are was were be been this that these those it its our we i my me
he she they you your their his her them our us not no yes all any each other such into over under about per via using
january february march april may june july august september october november december jan feb mar apr jun jul aug
sep sept oct nov dec present current till date today year years month months day days monday friday
company name city state country address email phone mobile contact linkedin github indeed www http https com
experience work worked working professional summary objective profile education skills skill technical
responsibilities responsibility role roles project projects description details detail team client clients
additional information personal declaration hobbies interests references reference languages language
achievements achievement awards award certifications certification certificate certified training trainings
university college school institute institution academy degree bachelor master masters diploma graduate
b.tech b.e m.tech mba bsc msc ba ma phd b.sc m.sc b.com m.com hsc ssc cbse
manager management managed managing senior junior lead associate assistant executive officer director head
engineer developer analyst consultant specialist coordinator administrator intern trainee member president
responsible involved handled handling used developed designed created implemented maintained prepared
good excellent strong knowledge ability able basic advanced intermediate expert proficient familiar
less than more new various including etc also well high low key main major within across
""".split())

TECHNICAL_RX = re.compile(r"[A-Z].*[A-Z]|\d|[+#.]")  # ALLCAPS / CamelCase / digits / C++, C#, Node.js


def load_taxonomy(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_noise_words() -> set[str]:
    """Places, headings, degrees, dates, titles, languages: the reader's own word lists, when present."""
    words: set[str] = set()
    for name in ("places", "section_headings", "section_head_words", "date_words", "title_words", "org_words",
                 "spoken_languages", "degrees", "degree_subjects"):
        path = PATTERNS / f"{name}.jsonl"
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                pattern = json.loads(line).get("pattern")
                if isinstance(pattern, str):
                    words.update(pattern.lower().split())
    return words


def read_resume(path: Path) -> str:
    if path.suffix.lower() == ".pdf":
        try:  # the evaluation's reference reader keeps the spaces that pypdfium2 loses in these PDFs
            from pdfminer.high_level import extract_text

            return extract_text(str(path))
        except ImportError:
            import pypdfium2

            pdf = pypdfium2.PdfDocument(str(path))
            try:
                return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
            finally:
                pdf.close()
    return path.read_text(encoding="utf-8", errors="replace")


def resume_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*")) if p.suffix.lower() in (".txt", ".pdf"))
        elif path.suffix.lower() in (".txt", ".pdf"):
            files.append(path)
    return files


class FormMatcher:
    """Every taxonomy form as a token sequence; `covered(doc)` marks the tokens inside a longest match."""

    def __init__(self, nlp, skills: list[dict]):
        self.lower: dict[tuple[str, ...], str] = {}
        self.exact: dict[tuple[str, ...], str] = {}
        for skill in skills:
            for form in [skill["name"], *skill["aliases"]]:
                tokens = [t.text for t in nlp.tokenizer(form)]
                if skill.get("case_sensitive") and (form == skill["name"] or len(form) <= 3):
                    self.exact[tuple(tokens)] = skill["id"]
                    self.exact[tuple(t.upper() for t in tokens)] = skill["id"]
                else:
                    self.lower[tuple(t.lower() for t in tokens)] = skill["id"]
        self.longest = max(len(k) for k in [*self.lower, *self.exact])

    def matches(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        out, i = [], 0
        lowered = [t.lower() for t in tokens]
        while i < len(tokens):
            for n in range(min(self.longest, len(tokens) - i), 0, -1):
                skill_id = self.exact.get(tuple(tokens[i:i + n])) or self.lower.get(tuple(lowered[i:i + n]))
                if skill_id:
                    out.append((i, i + n, skill_id))
                    i += n
                    break
            else:
                i += 1
        return out


def candidate(token: str, capital_share: dict[str, float], noise: set[str]) -> bool:
    low = token.lower()
    if len(token) < 2 or low in RESUME_WORDS or low in noise or not re.search(r"[A-Za-z]", token):
        return False
    if re.fullmatch(r"[\d.,/+\-]+[a-zA-Z]{0,2}", token):  # numbers, "10th", "2.5"
        return False
    if TECHNICAL_RX.search(token[1:]) or TECHNICAL_RX.fullmatch(token):
        return True
    # title-case words that are nearly never written in lower case: product and tool names
    return token[0].isupper() and capital_share.get(low, 0.0) >= 0.9


def gold_items(gold_path: Path, noise: set[str]) -> list[str]:
    items = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        for entity in json.loads(line).get("entities", []):
            if entity.get("label") != "Skills":
                continue
            for item in re.split(r"[,\n;•●❖◦~]|\s-\s", entity["text"]):
                item = re.sub(r"\((?:less than )?\d*\+?\s*(?:years?|months?)?[^)]*\)", "", item, flags=re.I)
                item = re.sub(r"^[^:]{0,40}:", "", item).strip(" -:*\t").rstrip(".")
                words = re.findall(r"[a-z]+", item.lower())
                if (1 < len(item) <= 40 and words and not re.search(r"\b(year|month)s?\b", item, re.I)
                        and not all(w in RESUME_WORDS or w in noise for w in words)):  # headings, not skills
                    items.append(item)
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_INPUT])
    parser.add_argument("--taxonomy", type=Path, default=DEFAULT_TAXONOMY)
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--min-docs", type=int, default=2, help="show only what appears in at least K resumes")
    args = parser.parse_args(argv)

    nlp = spacy.blank("en")
    skills = load_taxonomy(args.taxonomy)
    matcher = FormMatcher(nlp, skills)
    noise = load_noise_words()
    files = resume_files(args.paths)
    if not files:
        print("no resumes found", file=sys.stderr)
        return 1

    docs: list[list[str]] = []
    cased: Counter[str] = Counter()
    total: Counter[str] = Counter()
    skill_docs: Counter[str] = Counter()
    for path in files:
        tokens = [t.text for t in nlp.tokenizer(read_resume(path))]
        docs.append(tokens)
        for token in tokens:
            if token[:1].isalpha():
                total[token.lower()] += 1
                cased[token.lower()] += token[0].isupper()
    capital_share = {w: cased[w] / n for w, n in total.items()}

    uni_docs: Counter[str] = Counter()
    bi_docs: Counter[str] = Counter()
    uni_forms: dict[str, Counter] = defaultdict(Counter)
    mentions = 0
    for tokens in docs:
        found = matcher.matches(tokens)
        mentions += len(found)
        skill_docs.update({skill_id for _, _, skill_id in found})
        inside: set[int] = set()
        for start, end, _ in found:
            inside.update(range(start, end))
        seen_uni, seen_bi = set(), set()
        previous = None
        for i, token in enumerate(tokens):
            if i in inside or token.isspace() or not candidate(token, capital_share, noise):
                previous = None
                continue
            key = token.lower()
            seen_uni.add(key)
            uni_forms[key][token] += 1
            if previous is not None and previous == i - 1:
                seen_bi.add(f"{tokens[i - 1]} {token}".lower())
            previous = i
        uni_docs.update(seen_uni)
        bi_docs.update(seen_bi)

    print(f"resumes {len(files)}  taxonomy skills {len(skills)}  skill mentions {mentions} "
          f"({mentions / len(files):.1f} per resume)  distinct skills seen {len(skill_docs)}")
    print(f"\nuncovered words (in >= {args.min_docs} resumes): resumes  word")
    for word, n in uni_docs.most_common():
        if n < args.min_docs:
            break
        if args.top <= 0:
            break
        print(f"  {n:4d}  {uni_forms[word].most_common(1)[0][0]}")
        args.top -= 1
    print(f"\nuncovered pairs (in >= {args.min_docs} resumes): resumes  pair")
    for pair, n in bi_docs.most_common(60):
        if n < args.min_docs:
            break
        print(f"  {n:4d}  {pair}")

    gold_files = sorted({p for root in args.paths if root.is_dir() for p in root.rglob("gold.jsonl")})
    for gold in gold_files:
        items = gold_items(gold, noise)
        missed = [it for it in items if not matcher.matches([t.text for t in nlp.tokenizer(it)])]
        share = 1 - len(missed) / max(len(items), 1)
        print(f"\nannotated skill items ({gold}): {len(items)}, with a taxonomy form {share:.1%}")
        for item, n in Counter(m.lower() for m in missed).most_common(40):
            print(f"  {n:3d}  {item}")
    print("\nmost common skills: " + ", ".join(f"{s} {n}" for s, n in skill_docs.most_common(25)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fields read from real public resume layouts: JSON Resume themes (jsonresume.org) rendered to PDF.

usage:
    mkdir -p /tmp/jr && cd /tmp/jr && npm init -y && npm install jsonresume-theme-even \
        jsonresume-theme-elegant jsonresume-theme-kendall jsonresume-theme-stackoverflow \
        jsonresume-theme-macchiato jsonresume-theme-onepage jsonresume-theme-paper jsonresume-theme-flat \
        jsonresume-theme-class jsonresume-theme-spartan jsonresume-theme-short
    .venv/bin/python bench/jsonresume_themes.py --themes-dir /tmp/jr [--show] [--theme even ...]

The product never needs node or the themes: they only make the test files. The themes are layouts other
people designed (two-column sidebars, timelines, small-caps headings, dates flush right, icons), so unlike
`bench/other_formats.py`, whose layouts we wrote ourselves, they say how the reader does on layouts it was not
written against. Each invented person below (none is real) is written as a resume.json, rendered by every
theme to HTML (`render(resume)` in node) and printed to PDF by chromium (`CHROMIUM`, default
/usr/bin/chromium). The rendered files stay in the themes directory (`out/`), never in the repository.

Gold is the resume.json itself: basics.name, work[].name (employer), work[].position (title),
education[].institution and the year of education[].endDate; the match is the one of the shared field scorer
(`tests/resume_formats.same`). Prints recall and precision per theme and overall; --show lists each miss and
each extra value.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screening.reading import read_resume  # noqa: E402
from tests.resume_formats import predicted, same, score  # noqa: E402

FIELDS = ("name", "employer", "title", "institution", "year")
THEMES = ("even", "elegant", "kendall", "stackoverflow", "macchiato", "onepage", "paper", "flat", "class",
          "spartan", "short")

RENDER_JS = """
import { createRequire } from 'module';
import fs from 'fs';
const require = createRequire(process.cwd() + '/');
const [theme, resumePath] = process.argv.slice(2);
const resume = JSON.parse(fs.readFileSync(resumePath, 'utf8'));
let mod;
try { mod = require('jsonresume-theme-' + theme); }
catch (e) { mod = await import('jsonresume-theme-' + theme); }
const render = mod.render || (mod.default && mod.default.render) || mod.default;
process.stdout.write(await render(resume));
"""


def _work(company: str, position: str, start: str, end: str | None, location: str, highlights: list[str],
          summary: str = "") -> dict[str, Any]:
    # "company" is the key of the schema before v1.0 ("name" since): older themes render only that one
    job: dict[str, Any] = {"name": company, "company": company, "position": position, "startDate": start,
                           "location": location, "highlights": highlights}
    if end:
        job["endDate"] = end
    if summary:
        job["summary"] = summary
    return job


def _school(institution: str, study_type: str, area: str, start: str, end: str,
            score_: str = "") -> dict[str, Any]:
    school = {"institution": institution, "studyType": study_type, "area": area, "startDate": start,
              "endDate": end}
    if score_:
        school["score"] = score_
    return school


def _skills(*groups: tuple[str, list[str]]) -> list[dict[str, Any]]:
    return [{"name": name, "level": "", "keywords": words} for name, words in groups]


# Invented people (every name, employer and school is made up or a generic public institution name), written
# the ways resume.json files are: full ISO dates, year-month, bare years, no end date for a current job,
# degrees as "Bachelor"/"MSc"/"PhD", employers with suffixes and ampersands, titles with seniority and slashes.
PEOPLE: list[dict[str, Any]] = [
    {
        "basics": {
            "name": "Ingrid Solberg", "label": "Senior Data Engineer", "email": "ingrid.solberg@example.no",
            "phone": "+47 412 55 019", "url": "https://ingrid.example.no",
            "summary": "Data engineer who builds streaming pipelines and keeps warehouses honest.",
            "location": {"city": "Bergen", "countryCode": "NO", "region": "Vestland"},
            "profiles": [{"network": "GitHub", "username": "isolberg", "url": "https://github.com/isolberg"}],
        },
        "work": [
            _work("Fjordline Analytics AS", "Senior Data Engineer", "2021-04-01", None, "Bergen, Norway",
                  ["Moved nightly batch loads to Kafka streams and dbt models.",
                   "Cut warehouse cost by a third with partitioning in BigQuery."]),
            _work("Nordvik Shipping", "Data Engineer", "2017-09-01", "2021-03-31", "Oslo, Norway",
                  ["Built Airflow pipelines for vessel telemetry in Python and Spark."]),
        ],
        "education": [
            _school("Norwegian University of Science and Technology", "Master", "Computer Science",
                    "2015-08-01", "2017-06-15"),
            _school("University of Bergen", "Bachelor", "Informatics", "2012-08-01", "2015-06-01"),
        ],
        "skills": _skills(("Data", ["Python", "SQL", "Spark", "Kafka", "dbt"]), ("Cloud", ["GCP", "Terraform"])),
        "languages": [{"language": "Norwegian", "fluency": "Native"}, {"language": "English", "fluency": "Fluent"}],
    },
    {
        "basics": {
            "name": "Rahul Venkataraman", "label": "Machine Learning Engineer", "email": "rahul.v@example.in",
            "phone": "+91 98450 12345", "summary": "ML engineer focused on recommendation and search ranking.",
            "location": {"city": "Bengaluru", "countryCode": "IN", "region": "Karnataka"},
            "profiles": [{"network": "LinkedIn", "username": "rahulvenkat", "url": ""}],
        },
        "work": [
            _work("Kirana Commerce Pvt. Ltd.", "Lead ML Engineer", "2022-01", None, "Bengaluru",
                  ["Led a team of five building product recommendations with PyTorch.",
                   "Shipped a learning-to-rank model for search, +4% conversion."]),
            _work("Tata Consultancy Services", "Software Engineer / Data Scientist", "2018-07", "2021-12",
                  "Chennai", ["Built churn models with scikit-learn and XGBoost for a telecom client."]),
            _work("Zenith Labs", "Research Intern", "2017-05", "2017-07", "Pune",
                  ["Prototyped OCR for invoices with OpenCV."]),
        ],
        "education": [
            _school("Indian Institute of Technology Madras", "B.Tech", "Computer Science and Engineering",
                    "2014-07", "2018-05", "8.9/10"),
        ],
        "skills": _skills(("Machine Learning", ["PyTorch", "scikit-learn", "XGBoost", "NLP"]),
                          ("Engineering", ["Python", "Docker", "Kubernetes", "FastAPI"])),
    },
    {
        "basics": {
            "name": "Camille Dubois-Laurent", "label": "Product Designer", "email": "camille@example.fr",
            "phone": "+33 6 12 34 56 78", "url": "https://camille.example.fr",
            "summary": "Designer of calm interfaces for complex tools.",
            "location": {"city": "Lyon", "countryCode": "FR"},
            "profiles": [{"network": "Dribbble", "username": "cdl", "url": "https://dribbble.com/cdl"}],
        },
        "work": [
            _work("Atelier Numérique", "Lead Product Designer", "2020-02-01", None, "Lyon",
                  ["Redesigned the booking flow used by 2 million travellers.",
                   "Set up the design system in Figma with the front-end team."]),
            _work("Banque Rhône & Associés", "UX Designer", "2016-10-01", "2020-01-31", "Paris",
                  ["Ran user research and usability tests for the mobile banking app."]),
        ],
        "education": [
            _school("École Nationale Supérieure des Arts Décoratifs", "Master", "Interaction Design",
                    "2014-09-01", "2016-06-30"),
        ],
        "skills": _skills(("Design", ["Figma", "Sketch", "Prototyping", "User research"]),
                          ("Front-end", ["HTML", "CSS", "JavaScript"])),
        "languages": [{"language": "French", "fluency": "Native"}, {"language": "English", "fluency": "Fluent"}],
    },
    {
        "basics": {
            "name": "Thabo Nkosi", "label": "DevOps Engineer", "email": "thabo.nkosi@example.co.za",
            "phone": "+27 82 555 0199", "summary": "Keeps deployments boring and on-call quiet.",
            "location": {"city": "Johannesburg", "countryCode": "ZA", "region": "Gauteng"},
            "profiles": [{"network": "GitHub", "username": "tnkosi", "url": "https://github.com/tnkosi"}],
        },
        "work": [
            _work("Ubuntu Payments (Pty) Ltd", "Site Reliability Engineer", "2020-06", None, "Johannesburg",
                  ["Ran Kubernetes clusters on AWS with Terraform and Argo CD."]),
            _work("Karoo Telecom", "Systems Administrator", "2016-01", "2020-05", "Cape Town",
                  ["Automated Linux server builds with Ansible.", "Moved monitoring to Prometheus and Grafana."]),
        ],
        "education": [
            _school("University of the Witwatersrand", "BSc", "Computer Science", "2012", "2015"),
        ],
        "skills": _skills(("Infrastructure", ["AWS", "Kubernetes", "Terraform", "Ansible", "Linux"]),
                          ("Languages", ["Go", "Python", "Bash"])),
    },
    {
        "basics": {
            "name": "Mei-Ling Chen", "label": "Quantitative Analyst", "email": "meiling.chen@example.com",
            "phone": "(646) 555-0173", "summary": "Quant working on risk models for fixed income.",
            "location": {"city": "New York", "countryCode": "US", "region": "NY"},
            "profiles": [],
        },
        "work": [
            _work("Hudson Ridge Capital", "Vice President, Quantitative Research", "2019-08-01", None,
                  "New York, NY", ["Built yield-curve risk models in Python and C++."]),
            _work("Meridian Bank", "Quantitative Analyst", "2015-07-01", "2019-07-31", "Jersey City, NJ",
                  ["Validated credit risk models; wrote stress tests in R and SQL."]),
        ],
        "education": [
            _school("Columbia University", "PhD", "Applied Mathematics", "2010-09-01", "2015-05-20"),
            _school("National Taiwan University", "BS", "Mathematics", "2006-09-01", "2010-06-30"),
        ],
        "skills": _skills(("Quant", ["Stochastic calculus", "Monte Carlo", "Time series"]),
                          ("Programming", ["Python", "C++", "R", "SQL"])),
    },
    {
        "basics": {
            "name": "Lucas Almeida", "label": "Full Stack Developer", "email": "lucas.almeida@example.com.br",
            "phone": "+55 11 91234-5678", "url": "https://lucas.example.com.br",
            "summary": "Full stack developer building marketplaces with Django and React.",
            "location": {"city": "São Paulo", "countryCode": "BR"},
            "profiles": [{"network": "GitHub", "username": "lalmeida", "url": "https://github.com/lalmeida"}],
        },
        "work": [
            _work("Mercado Verde", "Senior Full Stack Developer", "2021-03", None, "São Paulo",
                  ["Built the seller dashboard in React and TypeScript.", "Maintained Django REST APIs."]),
            _work("Pixel & Código Ltda", "Web Developer", "2018-02", "2021-02", "Campinas",
                  ["Delivered e-commerce sites with Django and PostgreSQL."]),
            _work("Freelance", "Web Developer", "2016-06", "2018-01", "Remote",
                  ["Built WordPress and Vue.js sites for small businesses."]),
        ],
        "education": [
            _school("Universidade Estadual de Campinas", "Bachelor", "Computer Engineering", "2012-02",
                    "2017-12"),
        ],
        "skills": _skills(("Back-end", ["Python", "Django", "PostgreSQL"]),
                          ("Front-end", ["React", "TypeScript", "Vue.js"])),
        "languages": [{"language": "Portuguese", "fluency": "Native"}, {"language": "English",
                                                                        "fluency": "Professional"}],
    },
    {
        "basics": {
            "name": "Aoife Byrne", "label": "Clinical Data Scientist", "email": "aoife.byrne@example.ie",
            "phone": "+353 87 555 0123", "summary": "Statistician turned data scientist in healthcare.",
            "location": {"city": "Dublin", "countryCode": "IE"},
            "profiles": [{"network": "Twitter", "username": "aoifeb", "url": ""}],
        },
        "work": [
            _work("Liffey Health Research", "Clinical Data Scientist", "2019-01-07", None, "Dublin",
                  ["Built survival models for trial outcomes in R and Python."],
                  summary="Research organisation running clinical trials."),
            _work("Health Service Executive", "Statistician", "2014-09-01", "2018-12-21", "Galway",
                  ["Produced hospital waiting-list forecasts."]),
        ],
        "education": [
            _school("Trinity College Dublin", "MSc", "Statistics", "2013-09", "2014-08"),
            _school("University College Cork", "BSc", "Mathematical Sciences", "2009-09", "2013-06"),
        ],
        "skills": _skills(("Statistics", ["R", "Survival analysis", "Bayesian inference"]),
                          ("Tools", ["Python", "SQL", "Tableau"])),
    },
    {
        "basics": {
            "name": "Kenji Watanabe", "label": "Embedded Software Engineer", "email": "kenji.w@example.jp",
            "phone": "+81 90-1234-5678", "summary": "Firmware for sensors and motor control.",
            "location": {"city": "Osaka", "countryCode": "JP"},
            "profiles": [],
        },
        "work": [
            _work("Kansai Robotics Co., Ltd.", "Embedded Software Engineer", "2018-04-01", None, "Osaka",
                  ["Wrote motor-control firmware in C on ARM Cortex-M.", "Brought up RTOS on new boards."]),
            _work("Shinsei Electronics", "Junior Engineer", "2015-04-01", "2018-03-31", "Kyoto",
                  ["Tested sensor drivers; wrote test rigs in Python."]),
        ],
        "education": [
            _school("Osaka University", "Master of Engineering", "Electrical Engineering", "2013-04-01",
                    "2015-03-31"),
        ],
        "skills": _skills(("Embedded", ["C", "C++", "RTOS", "ARM"]), ("Tools", ["Python", "Git", "Jenkins"])),
    },
]


def gold_of(resume: dict[str, Any]) -> dict[str, list[str]]:
    return {
        "name": [resume["basics"]["name"]],
        "employer": [w["name"] for w in resume["work"]],
        "title": [w["position"] for w in resume["work"]],
        "institution": [e["institution"] for e in resume["education"]],
        "year": [e["endDate"][:4] for e in resume["education"]],
    }


def render_pdf(themes_dir: Path, theme: str, resume: dict[str, Any], chromium: str) -> bytes:
    """The theme's HTML printed to PDF, cached under themes_dir/out by theme and content."""
    out = themes_dir / "out"
    out.mkdir(exist_ok=True)
    body = json.dumps(resume, sort_keys=True, ensure_ascii=False)
    key = hashlib.sha1(body.encode(), usedforsecurity=False).hexdigest()[:10]
    slug = resume["basics"]["name"].lower().replace(" ", "-")
    pdf = out / f"{slug}-{theme}-{key}.pdf"
    if not pdf.exists():
        src = out / f"{slug}-{key}.json"
        src.write_text(body, encoding="utf-8")
        script = themes_dir / "render_theme.mjs"
        script.write_text(RENDER_JS, encoding="utf-8")
        node = shutil.which("node") or "node"
        # the bench's own fixed programs on its own files: nothing untrusted reaches the command line
        html = subprocess.run([node, str(script), theme, str(src)], cwd=themes_dir, check=True,  # noqa: S603
                              capture_output=True, timeout=120).stdout
        page = out / f"{slug}-{theme}-{key}.html"
        page.write_bytes(html)
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   f"--print-to-pdf={pdf}", page.as_uri()]
        subprocess.run(command, check=True, capture_output=True, timeout=180)  # noqa: S603
    return pdf.read_bytes()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--themes-dir", type=Path, required=True, help="where the themes were npm-installed")
    ap.add_argument("--theme", action="append", help="only these themes (default: all installed)")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args(argv)
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    themes = args.theme or [t for t in THEMES if (args.themes_dir / "node_modules" / f"jsonresume-theme-{t}").exists()]
    by_theme: dict[str, list] = {}
    for theme in themes:
        for resume in PEOPLE:
            try:
                data = render_pdf(args.themes_dir, theme, resume, chromium)
            except subprocess.CalledProcessError as exc:
                print(f"  {theme}: could not render ({exc.stderr.decode(errors='replace')[-200:]})")
                break
            gold = gold_of(resume)
            result = read_resume(data, f"{theme}.pdf", today=datetime.date(2026, 11, 15))
            pred = predicted(result.facts) if result.facts is not None else {f: [] for f in FIELDS}
            by_theme.setdefault(theme, []).append((gold, pred))
            if args.show:
                for field in FIELDS:
                    match = (lambda a, b: a == b) if field == "year" else same
                    missed = [g for g in gold[field] if not any(match(g, v) for v in pred[field])]
                    extra = [v for v in pred[field] if not any(match(g, v) for g in gold[field])]
                    if missed or extra:
                        print(f"  {theme} {gold['name'][0]} {field}: missed {missed} extra {extra}")
    print(f"{'theme':14s}" + "".join(f"{f:>22s}" for f in FIELDS))
    rows = [(name, pairs) for name, pairs in by_theme.items()]
    rows.append(("all", [p for _, pairs in rows for p in pairs]))
    for name, pairs in rows:
        figures = score(pairs)
        print(f"{name:14s}" + "".join(f"   R {figures[f][0]:.2f}  P {figures[f][1]:.2f}    " for f in FIELDS))
    print("(R = recall, P = precision; goal on resumes of other origins: R >= 0.90 and P >= 0.85 for each field)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

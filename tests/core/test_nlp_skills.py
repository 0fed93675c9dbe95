"""Skills: taxonomy matching, ambiguous names only in a skill context, tokens like C++/C#/.NET, months of use."""
from __future__ import annotations

import pytest

from screening.nlp import extract, load_taxonomy, tokenizer
from tests.core.test_nlp_support import TODAY, assert_anchored, read


def found(text: str) -> dict[str, list[str]]:
    facts = read(text)
    return {s.id: [text[m.start:m.end] for m in s.mentions] for s in facts.skills}


@pytest.mark.parametrize(
    "text, absent",
    [
        ("Jo Bloggs\n\nSUMMARY\nDrove the Go to market strategy for two products.\n", "go_lang"),
        ("Jo Bloggs\n\nEXPERIENCE\nLed R&D projects in batteries.\n", "r_lang"),
        ("Jo Bloggs\n\nSUMMARY\nI excel at planning and Excel is where I live.\n", "excel"),
        ("Jo Bloggs\n\nSUMMARY\nPlan C was never needed. Grade: C\n", "c_lang"),
        ("Jo Bloggs\n\nSKILLS\nGo-getter attitude, Python\n", "go_lang"),
        ("Jo Bloggs\n\nINTERESTS\nRust belt history, hiking\n", "rust"),
    ],
)
def test_ambiguous_names_outside_a_skill_context_are_not_skills(text, absent):
    assert absent not in found(text)


@pytest.mark.parametrize(
    "text, present",
    [
        ("Jo Bloggs\n\nSKILLS\nLanguages: Go, Rust\n", {"go_lang": ["Go"], "rust": ["Rust"]}),
        ("Jo Bloggs\n\nSUMMARY\nProgramming languages: Go, Rust, C\n", {"go_lang": ["Go"], "rust": ["Rust"], "c_lang": ["C"]}),
        ("Jo Bloggs\n\nEXPERIENCE\nBuilt models in R, Python and SQL.\n", {"r_lang": ["R"], "python": ["Python"]}),
        ("Jo Bloggs\n\nEXPERIENCE\nWrote services in Go and Python.\n", {"go_lang": ["Go"]}),
        ("Jo Bloggs\n\nSKILLS\nR (Less than 1 year), C (2 years)\n", {"r_lang": ["R"], "c_lang": ["C"]}),
        ("Jo Bloggs\n\nSKILLS\n• Excel\n• Tableau\n", {"excel": ["Excel"]}),
    ],
)
def test_ambiguous_names_in_a_skill_context_are_skills(text, present):
    skills = found(text)
    for skill_id, mentions in present.items():
        assert skills.get(skill_id) == mentions


def test_symbols_in_skill_names_are_matched_whole():
    skills = found("Jo Bloggs\n\nSKILLS\nC++, C#, .NET, Node.js, scikit-learn, CI/CD, C\n")
    assert skills["cpp"] == ["C++"]
    assert skills["csharp"] == ["C#"]
    assert skills["dotnet"] == [".NET"]
    assert skills["nodejs"] == ["Node.js"]
    assert skills["scikit_learn"] == ["scikit-learn"]
    assert skills["ci_cd"] == ["CI/CD"]
    assert skills["c_lang"] == ["C"]  # "C" inside "C++" and "C#" is not counted again


def test_the_tokenizer_keeps_skill_names_matchable():
    words = [t.text for t in tokenizer()("C#, F#, C++ and .NET; JAVA- Experience")]
    assert "C#" in words and "F#" in words and "C++" in words and ".NET" in words
    assert "JAVA" in words  # Kaggle's "JAVA- Experience": the dash is split off


def test_aliases_and_case_variants_map_to_one_skill():
    skills = found("Jo Bloggs\n\nSKILLS\nsklearn, K8S, python3, PYTHON, golang\n")
    assert skills["scikit_learn"] == ["sklearn"]
    assert skills["kubernetes"] == ["K8S"]
    assert skills["python"] == ["python3", "PYTHON"]
    assert skills["go_lang"] == ["golang"]


def test_months_come_from_dated_roles_and_stated_experience():
    text = (
        "Jo Bloggs\n\nEXPERIENCE\n"
        "Data Engineer, Northwind Ltd, Jan 2020 - Dec 2020\nPipelines in Python and SQL.\n"
        "Developer, Contoso Inc, Jun 2020 - Jun 2021\nPython services.\n"
        "\nSKILL DETAILS\nSQL- Experience - 30 months\nJava- Experience - 6 months\n"
    )
    facts = read(text)
    by_id = {s.id: s for s in facts.skills}
    # Jan 2020 - Jun 2021, the overlap counted once
    assert (by_id["python"].months, by_id["python"].last_used) == (18, 2021)
    # 12 months of roles, 30 stated: the larger wins
    assert (by_id["sql"].months, by_id["sql"].last_used) == (30, 2020)
    assert (by_id["java"].months, by_id["java"].last_used) == (6, None)
    assert [m.role for m in by_id["python"].mentions] == [0, 1]


def test_a_skill_word_inside_an_employer_name_is_not_a_skill():
    facts = read("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Tableau Software Inc, 2019 - 2020\nReports.\n")
    assert facts.experience[0].employer.text == "Tableau Software Inc"
    assert "tableau" not in {s.id for s in facts.skills}


def test_packaged_taxonomy_finds_an_ml_engineers_core_skills():
    from screening.nlp import extract

    text = (
        "Ada Park\n\nSKILLS\nPython, PyTorch, TensorFlow, scikit-learn, Kubernetes, Docker, SQL, AWS\n"
        "\nEXPERIENCE\nML Engineer, Initech Inc, 2020 - Present\nDeep learning and NLP models in production.\n"
    )
    facts = extract(text)
    ids = {s.id for s in facts.skills}
    taxonomy = load_taxonomy()
    for name in ("Python", "PyTorch", "TensorFlow", "scikit-learn", "Kubernetes", "Docker", "SQL", "AWS"):
        skill = taxonomy.lookup(name)
        assert skill is not None and skill.id in ids, name


# Names of organisations and job titles: which skill words there count as evidence.
_NAME_TAXONOMY = [
    {"id": "data_science", "name": "Data science", "category": "ml_technique", "aliases": ["data scientist"]},
    {"id": "data_analysis", "name": "Data analysis", "category": "data_tool", "aliases": ["analytics", "data analytics"]},
    {"id": "oracle_db", "name": "Oracle", "category": "database", "aliases": ["oracle database"]},
    {"id": "python", "name": "Python", "category": "programming_language", "aliases": []},
]

ANALYST_RESUME = """\
Karan Mehta
Data Analyst - XYZ Analytics Pvt Ltd

SUMMARY
Analyst at XYZ Analytics Pvt Ltd; earlier at Trace Analytics Corporation. Built analytics dashboards in Python.

WORK EXPERIENCE

Data Scientist

Oracle -

June 2019 to Present

Tuned Oracle queries for reporting.

Data Analyst

XYZ Analytics Pvt Ltd -  Pune, Maharashtra -

July 2016 to May 2019

Reports in Python.
"""


def _read_with(rows, text):
    import datetime
    import json
    import tempfile
    from pathlib import Path

    from screening.nlp import build_pipeline, extract
    from tests.core.test_nlp_support import assert_anchored

    path = Path(tempfile.mkdtemp(prefix="nlp-name-taxonomy-")) / "skills.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    facts = extract(text, today=datetime.date(2026, 11, 15), pipeline=build_pipeline(taxonomy_path=str(path)))
    assert_anchored(facts, text)
    return facts


def test_skill_words_in_company_names_are_not_skills_but_a_job_title_is_evidence():
    facts = _read_with(_NAME_TAXONOMY, ANALYST_RESUME)
    mentions = {s.id: [(ANALYST_RESUME[m.start:m.end], m.section) for m in s.mentions] for s in facts.skills}
    # "XYZ Analytics Pvt Ltd" (the role's employer and every other place it is written) and "Trace Analytics
    # Corporation" are companies; "analytics dashboards" is the work
    assert mentions["data_analysis"] == [("analytics", "summary")]
    # the title "Data Scientist" is evidence of data science; the title "Data Analyst" names no skill
    assert mentions["data_science"] == [("Data Scientist", "experience")]
    # "Oracle -" is the employer of a role; "Oracle queries" is the product
    assert mentions["oracle_db"] == [("Oracle", "experience")]
    oracle = next(s for s in facts.skills if s.id == "oracle_db")
    assert ANALYST_RESUME[oracle.mentions[0].start - 6:oracle.mentions[0].end] == "Tuned Oracle"


# --- The skill filter, by kind of false match (resumes written for these tests; packaged taxonomy) ----------


def packaged(text: str) -> dict[str, list[str]]:
    import datetime

    from screening.nlp import extract

    facts = extract(text, today=datetime.date(2026, 11, 15))
    return {s.id: [text[m.start:m.end] for m in s.mentions] for s in facts.skills}


@pytest.mark.parametrize(
    "text, absent",
    [
        # ordinary words: a product's name used as a verb or a season
        ("Sam Roe\n\nEXPERIENCE\nConfigured clusters to detect and react to failure events, Linux, AIX.\n", "react"),
        ("Sam Roe\n\nEXPERIENCE\nMet business users, SQL analysts to collect, clarify and document requirements.\n", "clarify"),
        ("Sam Roe\n\nAWARDS\nDean's List Spring 2013 and Fall 2014\n", "spring"),
        ("Sam Roe\n\nSUMMARY\nTen years of experience in design of retail spaces.\n", "indesign"),
        # parts of names: a company's legal form, an organisation, a school, a standard, a degree's subject
        ("Sam Roe\n\nEXPERIENCE\nTest Lead, Infosys, 2017 - 2019\nClient: Harbour Group plc (telecoms)\n", "plc"),
        ("Sam Roe\n\nEXPERIENCE\nReceptionist at Lakeside Dental Center, 2015 - 2018\nFront desk.\n", "dental"),
        ("Sam Roe\n\nEXPERIENCE\nDesigned jackets to API RP 2A and ASME B31.8 for offshore platforms.\n", "web_services"),
        ("Sam Roe\n\nEDUCATION\nB.E. in Electronics and Communication, Acme Institute of Technology, 2012\n", "communication"),
        # an acronym the resume spells out as something else
        ("Sam Roe\n\nCERTIFICATIONS\nCertified Novell Administrator (CNA), 2009\n", "home_health"),
        ("Sam Roe\n\nPROJECTS\nGCP (Global career program) tracker: a workflow tool for onsite assignments.\n", "gcp"),
        # somebody else's technology: a company described, vendors named, developers hired
        ("Sam Roe\n\nEXPERIENCE\nNorthwind is a global company that provides Salesforce consulting to banks.\n", "salesforce"),
        ("Sam Roe\n\nEXPERIENCE\nCoordinated with vendors like HP, IBM, Microsoft and Oracle for hardware replacement.\n", "oracle"),
        ("Sam Roe\n\nEXPERIENCE\nRecruited Java developers and testers for banking clients.\n", "java"),
        # distinct products are not each other
        ("Sam Roe\n\nSKILLS\nCloud: PaaS (OpenShift), SaaS\n", "iaas"),
        ("Sam Roe\n\nSKILLS\nTools: Navisworks, Bluebeam\n", "revit"),
        ("Sam Roe\n\nSKILLS\nBatch scheduling: Control-M, Autosys\n", "job_scheduling"),
        ("Sam Roe\n\nEXPERIENCE\nFirewall IOS upgrades on ASA appliances.\n", "ios"),
        ("Sam Roe\n\nSKILLS\nSOA, ESB, REST\n", "microservices"),
    ],
)
def test_words_that_mean_something_else_here_are_not_skills(text, absent):
    assert absent not in packaged(text)


@pytest.mark.parametrize(
    "text, present",
    [
        ("Sam Roe\n\nSKILLS\nReact, Redux, TypeScript\n", "react"),
        ("Sam Roe\n\nSKILLS\nJava, Spring, Hibernate\n", "spring"),
        ("Sam Roe\n\nCERTIFICATIONS\nGoogle Cloud Platform (GCP) Professional Data Engineer\n", "gcp"),
        ("Sam Roe\n\nEXPERIENCE\nDesigned public APIs for partners in Python on AWS.\n", "web_services"),
        ("Sam Roe\n\nEDUCATION\nB.Tech in Mechanical Engineering, Acme Institute of Technology, 2012\n", "mechanical_engineering"),
        ("Sam Roe\n\nSKILLS\nCloud: PaaS (OpenShift), SaaS\n", "paas"),
        ("Sam Roe\n\nSKILLS\nTools: Navisworks, Bluebeam\n", "navisworks"),
        ("Sam Roe\n\nEXPERIENCE\nUpgraded routers to Cisco IOS XE.\n", "cisco_ios"),
        ("Sam Roe\n\nPROJECTS\nShipped three iOS apps in Swift.\n", "ios"),
        ("Sam Roe\n\nEXPERIENCE\nRecruiter, Acme Staffing, 2018 - 2021\nRecruited Java developers; sourcing and interviewing.\n", "recruiting"),
        ("Sam Roe\n\nSKILLS\nCatering, food safety, menu planning\n", "hospitality"),
    ],
)
def test_the_same_names_where_they_are_the_candidates_skills(text, present):
    assert present in packaged(text)


def test_an_everyday_form_needs_a_skill_context_where_the_skills_other_forms_do_not():
    prose = packaged("Sam Roe\n\nEXPERIENCE\nThe company was catering customers in warehousing.\n")
    assert "hospitality" not in prose
    assert "hospitality" in packaged("Sam Roe\n\nEXPERIENCE\nRan hotel management and banquet operations.\n")


def test_a_field_of_business_naming_an_organisation_is_not_the_candidates_skill():
    assert "artificial_intelligence" not in packaged(
        "Sam Roe\n\nEXPERIENCE\nPlaced articles in national media for an AI startup.\n"
    )
    assert "artificial_intelligence" in packaged("Sam Roe\n\nSKILLS\nAI, Python\n")


def found_in_taxonomy(text: str) -> dict[str, list[str]]:
    """Skills read with the packaged taxonomy, whose modelling acronyms and other senses these rules are about."""
    facts = extract(text, today=TODAY)
    assert_anchored(facts, text)
    return {s.id: [text[m.start:m.end] for m in s.mentions] for s in facts.skills}


@pytest.mark.parametrize(
    "text, absent",
    [
        # the news network, a bank's form, an analgesia pump, telegraphic transfers: no modelling on the line
        ("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\nPlaced stories with national media, including CNN, Fox News and USA Today.\n", "cnn"),
        ("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\nHandled locker facility, fixed deposits and GBM challan.\n", "gradient_boosting"),
        ("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\nInitiate and maintain cardiac drips, PCA pumps.\n", "pca"),
        ("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\nSale of foreign currency, funds transfers, TTs etc.\n", "speech_synthesis"),
        # a server cluster, told by the words on its line
        ("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\nImplemented Veritas Clustering and disaster recovery for Oracle.\n", "clustering"),
        ("Jo Bloggs\n\nSKILLS\nLog shipping, replication, high availability, clustering, database mirroring\n", "clustering"),
        # an acronym the resume defines, in the plural
        ("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\nSupported Group Mortgage Managers (GMMs) with client complaints.\n", "gaussian_mixture_models"),
        # an everyday word, and a place written like a model's name
        ("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\nProcessed salary changes stemming from merit increases.\n", "tokenization"),
        ("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\nTeacher training with the Yolo County Office of Education.\n", "yolo"),
    ],
)
def test_modelling_words_with_another_meaning_are_not_skills(text, absent):
    assert absent not in found_in_taxonomy(text)


@pytest.mark.parametrize(
    "text, skill_id, mention",
    [
        ("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\nTrained a CNN to classify skin lesion images.\n", "cnn", "CNN"),
        ("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\nReduced 300 features with PCA before the churn model.\n", "pca", "PCA"),
        ("Jo Bloggs\n\nSKILLS\nPython, TensorFlow, CNN, RNN, GBM\n", "gradient_boosting", "GBM"),
        ("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\nSegmented 2M customers with k-means clustering on AWS servers.\n", "k_means", "k-means clustering"),
        ("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\nRan cluster analysis in R Server on survey data.\n", "clustering", "cluster analysis"),
        ("Jo Bloggs\n\nSKILLS\nTokenization, stemming, lemmatization, NLTK\n", "tokenization", "stemming"),
        ("Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\nDetected vehicles in drone footage with YOLO and OpenCV.\n", "yolo", "YOLO"),
    ],
)
def test_modelling_words_in_modelling_work_are_skills(text, skill_id, mention):
    assert mention in found_in_taxonomy(text).get(skill_id, [])

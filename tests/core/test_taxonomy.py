"""The skills taxonomy data file (screening/nlp/data/skills.jsonl) keeps to its format and covers what screening needs.

The file is read directly, not through `screening.nlp.taxonomy`, so these checks hold for any reader of it.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import pytest
import spacy

TAXONOMY_PATH = Path(__file__).resolve().parents[2] / "screening" / "nlp" / "data" / "skills.jsonl"

CATEGORIES = {
    "programming_language", "ml_technique", "ml_framework", "mlops", "data_tool", "math_stats", "big_data",
    "database", "cloud", "devops", "web", "mobile", "testing", "security", "networking", "os_platform",
    "erp_crm", "office_tools", "design", "business", "legal", "healthcare", "engineering", "methodology",
    "soft_skill", "education_teaching", "other",
}
REQUIRED_KEYS = {"id", "name", "category", "aliases"}
OPTIONAL_KEYS = {"ambiguous", "case_sensitive", "broader", "everyday", "other_senses"}
ID_RX = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")

# The Machine Learning Engineer competencies, as a job description writes them, and the skill each must resolve to.
ML_ENGINEER_TERMS = {
    "Python": "python", "Java": "java", "C++": "cpp",
    "supervised learning": "supervised_learning", "unsupervised learning": "unsupervised_learning",
    "regression analysis": "regression_analysis", "linear regression": "linear_regression",
    "logistic regression": "logistic_regression", "decision trees": "decision_tree",
    "random forests": "random_forest", "gradient boosting": "gradient_boosting", "SVM": "svm",
    "k-means": "k_means", "clustering": "clustering", "neural networks": "neural_networks",
    "deep learning": "deep_learning", "CNN": "cnn", "RNN": "rnn", "LSTM": "lstm", "transformers": "transformer_model",
    "reinforcement learning": "reinforcement_learning", "NLP": "nlp", "natural language processing": "nlp",
    "computer vision": "computer_vision", "information retrieval": "information_retrieval",
    "recommender systems": "recommender_systems", "time series": "time_series", "linear algebra": "linear_algebra",
    "calculus": "calculus", "probability": "probability", "statistics": "statistics", "pandas": "pandas",
    "NumPy": "numpy", "Matplotlib": "matplotlib", "Seaborn": "seaborn", "data cleaning": "data_cleaning",
    "data wrangling": "data_wrangling", "feature engineering": "feature_engineering", "TensorFlow": "tensorflow",
    "PyTorch": "pytorch", "scikit-learn": "scikit_learn", "sklearn": "scikit_learn", "Keras": "keras",
    "Spark": "apache_spark", "Hadoop": "hadoop", "Kafka": "kafka", "R": "r_lang", "MATLAB": "matlab",
    "Weka": "weka", "REST APIs": "rest_api", "web services": "web_services", "microservices": "microservices",
    "scalability": "scalability", "real-time inference": "real_time_inference",
    "model deployment": "model_deployment", "model monitoring": "model_monitoring", "AWS": "aws", "GCP": "gcp",
    "Azure": "azure", "SageMaker": "aws_sagemaker", "Docker": "docker", "Kubernetes": "kubernetes", "k8s": "kubernetes",
    "MLflow": "mlflow", "XGBoost": "xgboost", "Hugging Face": "hugging_face", "spaCy": "spacy", "NLTK": "nltk",
    "OpenCV": "opencv", "SQL": "sql", "PostgreSQL": "postgresql", "Jupyter": "jupyter", "Tableau": "tableau",
    "Power BI": "power_bi", "Airflow": "airflow", "BERT": "bert", "YOLO": "yolo",
}

# Professional skills of non-technical resumes, so those are read fairly too.
PROFESSIONAL_TERMS = {
    "accounting": "accounting", "bookkeeping": "bookkeeping", "payroll": "payroll", "recruiting": "recruiting",
    "recruitment": "recruiting", "litigation": "litigation", "legal research": "legal_research",
    "nursing": "nursing", "patient care": "patient_care", "teaching": "teaching", "sales": "sales",
    "negotiation": "negotiation", "customer service": "customer_service", "marketing": "marketing", "SEO": "seo",
    "graphic design": "graphic_design", "Photoshop": "photoshop", "Illustrator": "illustrator",
    "construction": "construction", "AutoCAD": "autocad", "SolidWorks": "solidworks", "Tally": "tally",
    "QuickBooks": "quickbooks", "Salesforce": "salesforce", "SAP": "sap", "MS Excel": "microsoft_excel",
    "MS Office": "microsoft_office", "communication skills": "communication", "leadership": "leadership",
    "teamwork": "teamwork", "problem solving": "problem_solving", "Agile": "agile", "Scrum": "scrum",
    "TDD": "tdd", "CI/CD": "ci_cd", "Selenium": "selenium", "Linux": "linux", "CPR": "bls_cpr",
}

# Names that are also everyday words or letters: they must be flagged so a matcher wants a skill context.
MUST_BE_AMBIGUOUS = [
    "r_lang", "c_lang", "go_lang", "apache_spark", "swift_lang", "rust_lang", "dart", "julia", "elm", "expressjs",
    "ember", "ms_access", "microsoft_word", "microsoft_outlook", "microsoft_excel", "hive", "pig", "storm", "chef",
    "puppet", "ant", "make_tool", "sketch_app", "business_intelligence", "sas", "oracle", "react",
]
MUST_BE_CASE_SENSITIVE = ["r_lang", "c_lang", "go_lang", "sas", "swift_lang", "rust_lang", "less_css", "yarn_hadoop"]

# Everyday resume words (and two-letter codes such as US states) that must never be an unflagged skill form:
# each once made a nurse, a chef or an accountant "know" a technology.
EVERYDAY_WORDS = [
    "responsible", "patient", "rest", "node", "sit", "man", "ran", "email", "production", "drawing", "painting",
    "turning", "casting", "lean", "black belt", "green belt", "ap", "ar", "ga", "md", "ent", "pr", "ad", "ids",
    "pam", "ups", "lime", "glove", "torch", "gym", "cocoa", "chai", "salt", "spice", "blender", "maya", "unity",
    "swing", "rails", "expo", "capacitor", "pipeline", "offshore", "upstream", "downstream", "discovery",
    "appraisal", "surveys", "segmentation", "stocks", "bonds", "derivatives", "trading", "sourcing", "induction",
    "monster", "notion", "rally", "keynote", "acrobat", "premiere", "arrow", "kettle", "shiny", "elastic", "cache",
    "triggers", "replication", "cloud", "amplify", "bedrock", "feast", "travel", "ticketing", "aed", "phi", "epic",
    "truffle", "ganache", "cucumber", "supervised", "assembly", "accuracy", "precision", "reliability", "influence",
    "initiative", "ml", "cv", "soc", "iam", "llm", "ppo", "rag", "hmm", "cart", "ann", "fico", "cma", "cpt", "ece",
    "ta", "band", "writing", "editing", "filing", "reception", "scheduling", "deployments", "testing", "word",
    "access", "outlook", "excel", "spring", "react", "express", "go", "r", "c", "budget", "inventory", "strategy",
    "benefits", "audit", "accounts", "tax", "inspection", "optimization", "regularization", "containers", "xp",
    # words that describe anyone ("dedicated server", "organizational policies", "analytical reports"), trades'
    # verbs ("catering customers", "purchasing for resale") and a standard's or a server's code ("p6")
    "reliable", "integrity", "organizational", "flexible", "catering",
    "purchasing", "sales", "maintenance", "calibration", "p6", "cfd",
]


@lru_cache(maxsize=1)
def load_rows() -> tuple[dict, ...]:
    rows = []
    with open(TAXONOMY_PATH, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            assert line.strip(), f"line {number} is blank"
            row = json.loads(line)
            assert isinstance(row, dict), f"line {number} is not an object"
            rows.append(row)
    return tuple(rows)


def surface_forms(row: dict) -> list[str]:
    return [row["name"], *row["aliases"]]


@lru_cache(maxsize=1)
def skill_by_form() -> dict[str, dict]:
    table = {}
    for row in load_rows():
        for form in surface_forms(row):
            table.setdefault(form.lower(), row)
    return table


def resolve(term: str) -> str | None:
    row = skill_by_form().get(term.lower())
    if row is not None:
        return row["id"]
    by_id = {r["id"]: r for r in load_rows()}
    return term if term in by_id else None


def test_file_parses_with_only_known_keys_and_types():
    for row in load_rows():
        keys = set(row)
        assert REQUIRED_KEYS <= keys, row
        assert keys <= REQUIRED_KEYS | OPTIONAL_KEYS, f"{row['id']}: unknown keys {keys - REQUIRED_KEYS - OPTIONAL_KEYS}"
        assert isinstance(row["name"], str) and row["name"], row
        assert isinstance(row["aliases"], list) and all(isinstance(a, str) and a for a in row["aliases"]), row
        for flag in ("ambiguous", "case_sensitive"):
            # optional flags are written only when they hold, so a reader never meets `false`
            assert row.get(flag, True) is True, f"{row['id']}: {flag} must be true or absent"
        if "broader" in row:
            assert isinstance(row["broader"], list) and row["broader"], f"{row['id']}: broader must be a non-empty list"
        if "everyday" in row:
            # the everyday forms are some of the skill's own forms, lower-cased; a skill whose every form is an
            # everyday word is `ambiguous` instead
            forms = {f.lower() for f in surface_forms(row)}
            assert row["everyday"] and set(row["everyday"]) <= forms, f"{row['id']}: everyday forms must be its forms"
            assert not row.get("ambiguous"), f"{row['id']}: ambiguous already covers every form"
        if "other_senses" in row:
            senses = row["other_senses"]
            assert senses and all(isinstance(p, str) and p == p.lower() and p.strip() for p in senses), row["id"]


def test_at_least_a_thousand_skills():
    assert len(load_rows()) >= 1000


def test_ids_are_unique_ascii_snake_case():
    ids = [row["id"] for row in load_rows()]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates
    bad = [i for i in ids if not ID_RX.fullmatch(i)]
    assert not bad


def test_categories_are_from_the_allowed_set():
    bad = {row["id"]: row["category"] for row in load_rows() if row["category"] not in CATEGORIES}
    assert not bad


def test_rows_are_sorted_by_category_then_id():
    keys = [(row["category"], row["id"]) for row in load_rows()]
    assert keys == sorted(keys)


def test_names_and_aliases_have_no_stray_whitespace():
    for row in load_rows():
        for form in surface_forms(row):
            assert form == form.strip(), f"{row['id']}: {form!r}"
            assert "  " not in form and "\t" not in form and "\n" not in form, f"{row['id']}: {form!r}"


def test_no_surface_form_belongs_to_two_skills():
    owners: dict[str, set[str]] = defaultdict(set)
    for row in load_rows():
        for form in surface_forms(row):
            owners[form.lower()].add(row["id"])
    shared = {form: sorted(ids) for form, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_no_pure_case_variants_within_a_skill():
    # Aliases match case-insensitively on tokens, so a case variant adds nothing, and for a case-sensitive
    # skill a long case variant of its name (matched on LOWER) would undo the case sensitivity. The one
    # exception is a variant the tokenizer splits differently ("Asp.Net" is three tokens, "ASP.NET" one).
    tokenizer = spacy.blank("en").tokenizer
    for row in load_rows():
        seen: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for form in surface_forms(row):
            tokens = tuple(t.lower_ for t in tokenizer(form))
            key = form.lower()
            assert tokens not in seen[key], f"{row['id']}: {form!r} only repeats another form's case"
            assert not (row.get("case_sensitive") and seen[key]), f"{row['id']}: case variant {form!r}"
            seen[key].add(tokens)


def test_forms_of_different_skills_do_not_tokenise_alike():
    # the matcher compares token sequences, so "ms-excel" and "ms - excel" would be the same pattern
    tokenizer = spacy.blank("en").tokenizer
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for row in load_rows():
        for form in surface_forms(row):
            tokens = tuple(t.lower_ for t in tokenizer(form))
            assert tokens, f"{row['id']}: {form!r} has no tokens"
            owners[tokens].add(row["id"])
    clashes = {" ".join(t): sorted(ids) for t, ids in owners.items() if len(ids) > 1}
    assert not clashes


def test_broader_links_exist_and_have_no_cycles():
    rows = {row["id"]: row for row in load_rows()}
    for row in rows.values():
        for parent in row.get("broader", []):
            assert parent in rows, f"{row['id']} -> missing {parent}"
            assert parent != row["id"], f"{row['id']} is broader than itself"
        assert len(row.get("broader", [])) == len(set(row.get("broader", []))), row["id"]

    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(skill_id: str, path: list[str]) -> None:
        if state.get(skill_id) == 2:
            return
        assert state.get(skill_id) != 1, "cycle: " + " -> ".join(path + [skill_id])
        state[skill_id] = 1
        for parent in rows[skill_id].get("broader", []):
            visit(parent, path + [skill_id])
        state[skill_id] = 2

    for skill_id in rows:
        visit(skill_id, [])


@pytest.mark.parametrize("term, expected", sorted(ML_ENGINEER_TERMS.items()))
def test_machine_learning_engineer_competencies_resolve(term, expected):
    assert resolve(term) == expected


@pytest.mark.parametrize("term, expected", sorted(PROFESSIONAL_TERMS.items()))
def test_professional_skills_resolve(term, expected):
    assert resolve(term) == expected


def test_bare_words_with_two_trades_are_left_unmapped():
    # "Regression" alone is regression testing on a QA resume and a model family on an ML one; mapping it either
    # way gives one of them a skill it does not claim, so only the qualified forms are in the taxonomy
    assert resolve("regression") is None
    assert resolve("regression testing") == "regression_testing"


def test_brief_examples_are_kept_exactly():
    rows = {row["id"]: row for row in load_rows()}
    assert rows["scikit_learn"]["name"] == "scikit-learn"
    assert rows["scikit_learn"]["category"] == "ml_framework"
    assert {"sklearn", "scikit learn", "sci-kit learn"} <= set(rows["scikit_learn"]["aliases"])
    assert rows["r_lang"]["name"] == "R" and rows["r_lang"]["category"] == "programming_language"
    assert "machine_learning" in rows["random_forest"]["broader"] or "machine_learning" in _ancestors(rows, "random_forest")
    for child, parent in [("pytorch", "deep_learning"), ("keras", "deep_learning"), ("bert", "nlp"),
                          ("yolo", "computer_vision"), ("postgresql", "sql")]:
        assert parent in _ancestors(rows, child), (child, parent)
    for skill_id, name in [("postgresql", "PostgreSQL"), ("nodejs", "Node.js"), ("csharp", "C#"), ("dotnet", ".NET"),
                           ("cpp", "C++")]:
        assert rows[skill_id]["name"] == name


def _ancestors(rows: dict, skill_id: str) -> set[str]:
    seen: set[str] = set()
    stack = list(rows[skill_id].get("broader", []))
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(rows[current].get("broader", []))
    return seen


@pytest.mark.parametrize("skill_id", MUST_BE_AMBIGUOUS)
def test_everyday_word_names_are_flagged_ambiguous(skill_id):
    rows = {row["id"]: row for row in load_rows()}
    assert rows[skill_id].get("ambiguous") is True


@pytest.mark.parametrize("skill_id", MUST_BE_CASE_SENSITIVE)
def test_letter_and_short_word_names_are_case_sensitive(skill_id):
    rows = {row["id"]: row for row in load_rows()}
    assert rows[skill_id].get("case_sensitive") is True


def test_everyday_words_are_never_unflagged_skill_forms():
    unsafe = {}
    for word in EVERYDAY_WORDS:
        row = skill_by_form().get(word)
        if row is not None and not row.get("ambiguous") and not row.get("case_sensitive") and word not in row.get("everyday", ()):
            unsafe[word] = row["id"]
    assert not unsafe


def test_case_sensitive_skills_keep_their_short_forms_out_of_lowercase_text():
    # a case-sensitive skill is one whose lowercase form is an ordinary word ("go", "r", "less"); its name
    # must carry an upper-case letter, or case sensitivity would protect nothing
    for row in load_rows():
        if row.get("case_sensitive"):
            assert row["name"] != row["name"].lower(), row["id"]


def test_every_category_is_populated():
    counts = Counter(row["category"] for row in load_rows())
    assert set(counts) == CATEGORIES
    # weighted toward technical screening, yet with room for the professions
    technical = {"programming_language", "ml_technique", "ml_framework", "mlops", "data_tool", "math_stats",
                 "big_data", "database", "cloud", "devops", "web", "mobile", "testing"}
    assert sum(counts[c] for c in technical) > len(load_rows()) / 2
    assert counts["business"] >= 50 and counts["healthcare"] >= 15 and counts["legal"] >= 15


# The competency matcher follows `broader` transitively, so a wrong link makes every user of a tool "know" a field.
ML_EVIDENCE = ["pytorch", "keras", "tensorflow", "scikit_learn", "random_forest", "xgboost", "bert", "yolo",
               "aws_sagemaker", "mlflow", "kubeflow", "lstm", "k_means", "learning_to_rank"]
NOT_ML_EVIDENCE = ["elasticsearch", "solr", "microsoft_excel", "tableau", "power_bi", "splunk", "data_cleaning",
                   "data_wrangling", "forecasting", "spss", "sas", "photo_editing", "rpa", "web_scraping", "sql",
                   "hadoop", "kafka", "statistical_analysis", "robotics", "business_intelligence", "docker"]


@pytest.mark.parametrize("skill_id", ML_EVIDENCE)
def test_ml_tools_are_evidence_of_machine_learning(skill_id):
    rows = {row["id"]: row for row in load_rows()}
    assert "machine_learning" in _ancestors(rows, skill_id)


@pytest.mark.parametrize("skill_id", NOT_ML_EVIDENCE)
def test_tools_of_other_trades_are_not_evidence_of_machine_learning(skill_id):
    rows = {row["id"]: row for row in load_rows()}
    assert "machine_learning" not in _ancestors(rows, skill_id)


def test_narrower_skills_at_every_depth():
    from screening.nlp.taxonomy import Taxonomy, TaxonomySkill

    taxonomy = Taxonomy(
        [
            TaxonomySkill("ml", "Machine learning", "ml"),
            TaxonomySkill("ensembles", "Ensemble methods", "ml", broader=("ml",)),
            TaxonomySkill("xgboost", "XGBoost", "ml_framework", aliases=("xgb",), broader=("ensembles", "python")),
            TaxonomySkill("python", "Python", "language"),
        ]
    )
    assert taxonomy.narrower("ml") == ("ensembles", "xgboost")
    assert taxonomy.narrower("python") == ("xgboost",)
    assert taxonomy.narrower("xgboost") == () and taxonomy.narrower("unknown") == ()
    assert [s.id for s in taxonomy.suggest("xg")] == ["xgboost"]
    assert [s.id for s in taxonomy.suggest("learning")] == ["ml"]  # inside a name, after those starting with it
    assert taxonomy.close_names("Pyhton") == ["Python"]

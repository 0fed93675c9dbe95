"""Turns stored scores and facts into what pages show: bars, charts, evidence marked in the resume text,
the comparison grid. Every piece of user text is escaped here before it is joined into HTML.

A package by what is shown; everything is re-exported here (`from screening.presenters import ...`).
"""

from .charts import CategoryBar, ChartRow, bars_svg, category_bars, category_chart, top_matches
from .compare import CompareCell, CompareRow, compare_rows
from .evidence import (
    BreakdownView,
    EvidenceSnippet,
    EvidenceView,
    ItemView,
    Mark,
    anchor_id,
    breakdown_view,
    excerpt,
    locate,
    marked_text,
    strongest_evidence,
)
from .facts import SkillRow, SkillSummary, skill_rows, skill_summary, stated_experience_note
from .jobs import DescriptionBlock, description_blocks, job_posting_data, job_posting_script, salary_text
from .labels import CATEGORY_LABELS, LEVEL_LABELS, category_label, competency_names, flag_labels, level_label
from .ranking_row import RankingRow, ranking_row_html
from .standing import BAND_HELP, BAND_LABELS, Standing, match_band, standing

__all__ = [
    "DescriptionBlock",
    "description_blocks",
    "job_posting_data",
    "job_posting_script",
    "salary_text",
    "CATEGORY_LABELS",
    "LEVEL_LABELS",
    "BAND_HELP",
    "BAND_LABELS",
    "BreakdownView",
    "EvidenceSnippet",
    "CategoryBar",
    "ChartRow",
    "CompareCell",
    "CompareRow",
    "EvidenceView",
    "ItemView",
    "Mark",
    "RankingRow",
    "SkillRow",
    "SkillSummary",
    "Standing",
    "anchor_id",
    "bars_svg",
    "breakdown_view",
    "category_bars",
    "category_chart",
    "category_label",
    "compare_rows",
    "competency_names",
    "excerpt",
    "flag_labels",
    "level_label",
    "locate",
    "marked_text",
    "match_band",
    "ranking_row_html",
    "skill_rows",
    "skill_summary",
    "standing",
    "stated_experience_note",
    "strongest_evidence",
    "top_matches",
]

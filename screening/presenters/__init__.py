"""Turns stored scores and facts into what pages show: bars, charts, evidence marked in the resume text,
the comparison grid. Every piece of user text is escaped here before it is joined into HTML.

A package by what is shown; everything is re-exported here (`from screening.presenters import ...`).
"""

from .charts import CategoryBar, ChartRow, bars_svg, category_bars, category_chart, top_matches
from .compare import CompareCell, CompareRow, compare_rows
from .evidence import (
    BreakdownView,
    EvidenceView,
    ItemView,
    Mark,
    anchor_id,
    breakdown_view,
    excerpt,
    locate,
    marked_text,
)
from .facts import SkillRow, skill_rows, stated_experience_note
from .jobs import DescriptionBlock, description_blocks, job_posting_data, job_posting_script, salary_text
from .labels import CATEGORY_LABELS, LEVEL_LABELS, category_label, competency_names, flag_labels, level_label
from .ranking_row import RankingRow, ranking_row_html

__all__ = [
    "DescriptionBlock",
    "description_blocks",
    "job_posting_data",
    "job_posting_script",
    "salary_text",
    "CATEGORY_LABELS",
    "LEVEL_LABELS",
    "BreakdownView",
    "CategoryBar",
    "ChartRow",
    "CompareCell",
    "CompareRow",
    "EvidenceView",
    "ItemView",
    "Mark",
    "RankingRow",
    "SkillRow",
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
    "ranking_row_html",
    "skill_rows",
    "stated_experience_note",
    "top_matches",
]

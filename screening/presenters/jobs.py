"""A job as the careers page shows it: its description in paragraphs and lists, its pay, and the same facts
as schema.org JobPosting data for search engines.

Descriptions are plain text typed in the admin. They become blocks (paragraph, heading, list) whose text
the template escapes; no HTML from the database is ever output as HTML.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from screening.models import Job

_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+")
_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}
# JSON inside <script>: these would otherwise let text close the element or open markup (Django's json_script).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class DescriptionBlock:
    kind: str  # "paragraph", "heading" or "list"
    text: str = ""
    items: tuple[str, ...] = field(default=())


def description_blocks(text: str) -> list[DescriptionBlock]:
    """Plain text → blocks: a blank line separates paragraphs; "- ", "* ", "• " or "1." lines make a list;
    a short line ending with ":" before a list or paragraph is a heading; lines inside a paragraph are joined."""
    blocks: list[DescriptionBlock] = []
    for chunk in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        prose: list[str] = []
        items: list[str] = []
        for line in (line.rstrip() for line in chunk.split("\n") if line.strip()):
            if _BULLET.match(line):
                _flush(blocks, prose, [])
                items.append(_BULLET.sub("", line).strip())
            elif items and line.startswith((" ", "\t")):  # a list item continued on the next line
                items[-1] += " " + line.strip()
            else:
                _flush(blocks, [], items)
                stripped = line.strip()
                if stripped.endswith(":") and len(stripped) <= 80 and not prose:
                    blocks.append(DescriptionBlock("heading", stripped.rstrip(":")))
                else:
                    prose.append(stripped)
        _flush(blocks, prose, items)
    return blocks


def _flush(blocks: list[DescriptionBlock], prose: list[str], items: list[str]) -> None:
    """Close the paragraph or list being gathered (emptying the list passed in)."""
    if prose:
        blocks.append(DescriptionBlock("paragraph", " ".join(prose)))
        prose.clear()
    if items:
        blocks.append(DescriptionBlock("list", items=tuple(items)))
        items.clear()


def salary_text(job: Job) -> str:
    """"£60,000 – £80,000 a year", "From £60,000 a year", "Up to $40 an hour", or "" when no pay is given."""
    low, high = job.salary_min, job.salary_max
    if low is None and high is None:
        return ""
    currency = (job.salary_currency or "").upper()
    symbol = _SYMBOLS.get(currency)

    def money(amount: int) -> str:
        return f"{symbol}{amount:,}" if symbol else f"{currency} {amount:,}".strip()

    period = Job.SalaryPeriod(job.salary_period).label if job.salary_period else ""
    if low is not None and high is not None:
        amount = money(low) if low == high else f"{money(low)} – {money(high)}"
    elif low is not None:
        amount = f"From {money(low)}"
    else:
        amount = f"Up to {money(high)}"  # type: ignore[arg-type]  # high is set: both None returned above
    return f"{amount} {period}".strip()


def job_posting_data(job: Job, *, url: str) -> dict[str, Any]:
    """schema.org JobPosting (what search engines read for job listings), from the job's own fields."""
    description = "\n".join(
        f"<p>{escape(block.text)}</p>"
        if block.kind != "list"
        else "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
        for block in description_blocks(job.description)
    )
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        # schema.org takes HTML here: the job's plain text, escaped, in paragraphs and lists.
        "description": description or job.title,
        "datePosted": job.created_at.date().isoformat() if job.created_at else None,
        "url": url,
        "directApply": True,
    }
    if job.company:
        data["hiringOrganization"] = {"@type": "Organization", "name": job.company}
    if job.location:
        data["jobLocation"] = {"@type": "Place", "address": job.location}
    if job.employment_type:
        data["employmentType"] = job.employment_type
    if job.salary_min is not None or job.salary_max is not None:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": job.salary_period}
        if job.salary_min is not None and job.salary_max is not None and job.salary_min != job.salary_max:
            value.update(minValue=job.salary_min, maxValue=job.salary_max)
        else:
            value["value"] = job.salary_min if job.salary_min is not None else job.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": job.salary_currency, "value": value}
    return {key: value for key, value in data.items() if value is not None}


def job_posting_script(job: Job, *, url: str) -> SafeString:
    """The JobPosting as a <script type="application/ld+json"> data block, escaped as json_script does."""
    payload = json.dumps(job_posting_data(job, url=url), cls=DjangoJSONEncoder, ensure_ascii=False)
    # Safe: the escapes above leave no "<", ">" or "&" in the payload to end the element or start markup.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload.translate(_SCRIPT_ESCAPES)))

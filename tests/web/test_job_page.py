"""The job page: company, location, employment and salary; a readable description; schema.org JobPosting."""
from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from screening.models import Job
from screening.presenters import description_blocks, salary_text
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db

DESCRIPTION = """Build and ship models.
You will work with product.

What we look for:
- Strong Python
- Statistics,
  and probability
* Clear writing

<b>Bold</b> & plain."""


def posting(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])


def test_the_job_page_shows_what_candidates_look_for_first(client):
    job = JobFactory(
        title="Data Engineer", company="Northwind Labs", location="Leeds", employment_type="FULL_TIME",
        salary_min=50000, salary_max=65000, salary_currency="GBP", description=DESCRIPTION,
    )
    page = client.get(reverse("careers:job", args=[job.slug])).content.decode()
    facts = page[page.index('id="job-facts"'):page.index("</dl>")]
    for text in ("Northwind Labs", "Leeds", "Full time", "£50,000 – £65,000 a year"):
        assert text in facts
    assert "<p>Build and ship models. You will work with product.</p>" in page
    assert "<h2>What we look for</h2>" in page
    assert "<li>Strong Python</li><li>Statistics, and probability</li><li>Clear writing</li>" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; plain." in page and "<b>Bold</b>" not in page


def test_the_job_page_carries_a_job_posting_for_search_engines(client, settings):
    settings.SITE_URL = "https://jobs.example.com"
    job = JobFactory(
        title="Data Engineer", company="Northwind Labs", location="Leeds", employment_type="CONTRACTOR",
        salary_min=400, salary_max=400, salary_currency="EUR", salary_period="HOUR", description=DESCRIPTION,
    )
    data = posting(client.get(reverse("careers:job", args=[job.slug])).content.decode())
    assert data["@type"] == "JobPosting" and data["title"] == "Data Engineer"
    assert data["hiringOrganization"]["name"] == "Northwind Labs"
    assert data["jobLocation"]["address"] == "Leeds" and data["employmentType"] == "CONTRACTOR"
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount", "currency": "EUR", "value": {"@type": "QuantitativeValue", "unitText": "HOUR", "value": 400},
    }
    assert data["url"] == f"https://jobs.example.com/careers/{job.slug}/"
    assert "<li>Strong Python</li>" in data["description"] and "&lt;b&gt;Bold" in data["description"]


def test_a_job_without_details_shows_none_and_claims_none(client):
    job = JobFactory(description="Build models.")
    page = client.get(reverse("careers:job", args=[job.slug])).content.decode()
    assert 'id="job-facts"' not in page
    data = posting(page)
    assert not {"baseSalary", "hiringOrganization", "employmentType", "jobLocation"} & set(data)


def test_the_job_list_names_company_location_and_employment(client):
    JobFactory(title="Data Engineer", company="Northwind Labs", location="Leeds", employment_type="PART_TIME")
    page = client.get(reverse("careers:jobs")).content.decode()
    assert "Northwind Labs · Leeds · Part time" in page


@pytest.mark.parametrize(
    ("low", "high", "currency", "period", "text"),
    [
        (60000, 85000, "GBP", "YEAR", "£60,000 – £85,000 a year"),
        (60000, None, "USD", "YEAR", "From $60,000 a year"),
        (None, 40, "EUR", "HOUR", "Up to €40 an hour"),
        (3000, 3000, "CHF", "MONTH", "CHF 3,000 a month"),
        (None, None, "GBP", "YEAR", ""),
    ],
)
def test_salary_in_words(low, high, currency, period, text):
    job = Job(salary_min=low, salary_max=high, salary_currency=currency, salary_period=period)
    assert salary_text(job) == text


def test_descriptions_become_paragraphs_headings_and_lists():
    blocks = description_blocks("Intro line\nsecond line.\n\nYou bring:\n1. One\n2) Two\n\n\n")
    assert [(b.kind, b.text, b.items) for b in blocks] == [
        ("paragraph", "Intro line second line.", ()),
        ("heading", "You bring", ()),
        ("list", "", ("One", "Two")),
    ]
    assert description_blocks("") == []


def test_salary_ranges_are_checked_with_readable_messages():
    job = JobFactory.build(profile=JobFactory().profile, salary_min=90000, salary_max=60000)
    with pytest.raises(ValidationError) as caught:
        job.full_clean()
    assert caught.value.message_dict["salary_min"] == ["The lowest salary is above the highest."]
    job = JobFactory.build(profile=job.profile, salary_min=1, salary_currency="GB1")
    with pytest.raises(ValidationError) as caught:
        job.full_clean()
    assert "three-letter currency code" in caught.value.message_dict["salary_currency"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        JobFactory(salary_min=90000, salary_max=60000)  # the database refuses it too

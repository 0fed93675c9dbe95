"""The auditor's pages: access, the tables and charts, the printable report, CSV, and the scope form."""
from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from screening.models import AuditEvent
from screening.permissions import AUDITORS
from tests.audit_data import add_applicants, now_minus, published_version
from tests.factories import JobFactory, UserFactory, hiring_admin, recruiter
from tests.selectors.test_audit import balanced

pytestmark = pytest.mark.django_db


@pytest.fixture
def job():
    job = JobFactory(slug="analyst", title="Data Analyst")
    published_version(job.profile)
    add_applicants(job, balanced(shift=-10.0, female_selected_every=5), applied=now_minus(3))
    return job


@pytest.fixture
def auditor():
    user = UserFactory(username="audra")
    user.groups.add(Group.objects.get(name=AUDITORS))  # made by the data migration
    return user


def test_who_may_see_the_audit(client, job, auditor):
    url = reverse("audit:job", args=[job.slug])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(recruiter(username="rita"))
    assert client.get(url).status_code == 403
    assert "Bias audit" not in client.get(reverse("recruiter:home")).content.decode()  # no link either
    for user in (auditor, hiring_admin(username="hank"), UserFactory(username="root", is_superuser=True)):
        client.force_login(user)
        assert client.get(url).status_code == 200
        assert client.get(reverse("audit:jobs")).status_code == 200
    # Auditors see the audit and nothing else of the hiring data.
    client.force_login(auditor)
    assert client.get(reverse("recruiter:home")).status_code == 403
    assert client.get(reverse("profiles:list")).status_code == 403


def test_the_page_shows_the_tables_charts_and_flags(client, job, auditor):
    client.force_login(auditor)
    response = client.get(reverse("audit:job", args=[job.slug]))
    page = response.content.decode()
    assert 'id="audit-summary"' in page and "280</strong> scored by the tool" in page
    # Women score lower in every race/ethnicity: the female row and the seven female intersections.
    assert "8 categories with an impact ratio under four fifths" in page
    tables = {t.dimension: t for t in response.context["tables"]}
    female = next(r for r in tables["sex"].rows if r.code == "female")
    assert female.flag == "scoring:adverse_impact;selection:adverse_impact"
    assert "under four fifths and statistically significant" in female.scoring.words
    assert 'data-category="female"' in page and "row-flagged" in page
    # A chart per table: an impact ratio bar per category and the four-fifths line.
    assert page.count('class="four-fifths"') == 2 + 7 + 14
    assert 'id="method"' in page and "not legal advice" in page
    assert AuditEvent.objects.filter(action="bias_audit.viewed", actor=auditor).exists()
    listing = client.get(reverse("audit:jobs")).content.decode()
    assert "Data Analyst" in listing and ">280<" in listing


def test_csv_download_is_the_commands_csv(client, job, auditor):
    client.force_login(auditor)
    response = client.get(reverse("audit:csv", args=[job.slug]))
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    downloaded = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    out = io.StringIO()
    call_command("bias_audit", "--job", job.slug, "--format", "csv", stdout=out)
    assert downloaded == list(csv.reader(io.StringIO(out.getvalue())))
    assert AuditEvent.objects.filter(action="bias_audit.exported").exists()


def test_printable_report_has_the_method_and_the_date_range(client, job, auditor):
    client.force_login(auditor)
    today = timezone.localdate()
    since = today - datetime.timedelta(days=30)
    response = client.get(reverse("audit:report", args=[job.slug]), {"since": since.isoformat(), "until": today.isoformat()})
    page = response.content.decode()
    assert "Bias audit report: Data Analyst" in page
    assert f"{since:%-d %b %Y}" in page and f"{today:%-d %b %Y}" in page
    assert "How these numbers are made, and what they do not show" in page
    assert "6 RCNY § 5-300" in page and "Fisher" in page and "independent auditor" in page
    assert "female (scoring:adverse_impact;selection:adverse_impact)" in page
    assert 'class="no-print"' in page


def test_the_scope_form_narrows_the_audit(client, job, auditor):
    add_applicants(job, [("male", "white", 50.0, False)] * 4, applied=now_minus(100))
    client.force_login(auditor)
    url = reverse("audit:job", args=[job.slug])
    assert client.get(url).context["result"].applicants == 284
    recent = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    assert client.get(url, {"since": recent}).context["result"].applicants == 280
    old = (timezone.localdate() - datetime.timedelta(days=50)).isoformat()
    assert client.get(url, {"until": old}).context["result"].applicants == 4
    bad = client.get(url, {"since": "2026-05-01", "until": "2026-04-01"})
    assert bad.status_code == 200 and "before its start" in bad.content.decode()
    assert client.get(url, {"version": "1"}).context["audit"].version.number == 1
    # The links to the report and CSV keep the scope.
    page = client.get(url, {"since": recent}).content.decode()
    assert f"report/?since={recent}" in page and f"audit.csv?since={recent}" in page


def test_oversight_csv(client, job, auditor):
    from screening import services
    from screening.models import Application

    rita = recruiter(username="rita")
    app = Application.objects.filter(job=job).first()
    services.application_move(application=app, to_stage="interview", actor=rita)
    client.force_login(auditor)
    response = client.get(reverse("audit:oversight_csv", args=[job.slug]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[-1]["action"] == "stage_decided" and rows[-1]["application_id"] == str(app.public_id)
    assert rows[-1]["user_id"] == str(rita.pk) and rows[-1]["to_stage"] == "interview"
    assert app.candidate.name not in response.content.decode()

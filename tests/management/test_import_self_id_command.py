"""`manage.py import_self_id FILE.csv`: codes, refusal with line numbers, later rows replace earlier ones."""
from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from screening import services
from screening.models import AuditEvent, SelfIdentification
from tests.audit_data import add_applicants, published_version
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def apps():
    job = JobFactory()
    published_version(job.profile)
    return add_applicants(job, [(None, None, 50.0, False)] * 4)


def run(tmp_path, text: str, *, encoding="utf-8") -> str:
    path = tmp_path / "self-id.csv"
    path.write_bytes(text.encode(encoding))
    out = io.StringIO()
    call_command("import_self_id", str(path), stdout=out)
    return out.getvalue()


def answers() -> dict:
    return {
        str(s.application.public_id): (s.sex, s.race_ethnicity, s.source)
        for s in SelfIdentification.objects.select_related("application")
    }


def test_every_code_is_accepted_and_a_later_row_replaces_an_earlier_one(tmp_path, apps):
    a, b, c, d = (str(x.public_id) for x in apps)
    text = (
        "application_id,sex,race_ethnicity\n"
        f"{a},female,hispanic_latino\n"
        f"{b},male,white\n"
        f"{c},decline,black\n"
        f"{d},female,asian\n"
        f"{a},male,native_hawaiian_pacific_islander\n"  # replaces line 2
        f"{b},female,american_indian_alaska_native\n"  # replaces line 3
        f"{c},male,two_or_more\n"
        f"{d},female,decline\n"
    )
    out = run(tmp_path, text)
    assert "4 application(s) from 8 row(s) (4 replaced by a later row in the file, 0 replacing" in out
    assert answers() == {
        a: ("male", "native_hawaiian_pacific_islander", "import"),
        b: ("female", "american_indian_alaska_native", "import"),
        c: ("male", "two_or_more", "import"),
        d: ("female", "decline", "import"),
    }
    # A later file replaces what is stored, too.
    out = run(tmp_path, f"application_id,sex,race_ethnicity\n{a},female,white\n")
    assert "1 application(s) from 1 row(s) (0 replaced by a later row in the file, 1 replacing" in out
    assert answers()[a] == ("female", "white", "import")
    event = AuditEvent.objects.filter(action="self_id.imported").first()
    assert event.data == {"rows": 1, "applications": 1, "replaced_in_file": 0, "replaced_stored": 1}


def test_anything_else_is_refused_with_its_line_number_and_nothing_is_imported(tmp_path, apps):
    a, b, c, d = (str(x.public_id) for x in apps)
    text = (
        "application_id,sex,race_ethnicity\n"
        f"{a},female,asian\n"  # fine
        f"{b},Female,asian\n"  # line 3: codes are lower case
        f"{c},female,latinx\n"  # line 4
        f"not-an-id,male,white\n"  # line 5
        f"{d},,white\n"  # line 6: empty is not a code
        f"{d},male\n"  # line 7: a value missing
        "00000000-0000-4000-8000-000000000000,male,white\n"  # line 8: no such application
        f"{d},nonbinary,other\n"  # line 9: both wrong
    )
    with pytest.raises(CommandError) as refused:
        run(tmp_path, text)
    message = str(refused.value)
    assert "Nothing imported: 8 problems." in message
    for line in ("line 3: sex", "line 4: race_ethnicity", "line 5: application_id", "line 6: sex",
                 "line 7: expected 3 values, found 2", "line 8: no application", "line 9: sex", "line 9: race_ethnicity"):
        assert line in message
    assert "line 2" not in message
    # The refused values are not echoed back (they may be someone's answers).
    for value in ("Female", "latinx", "nonbinary", "other"):
        assert value not in message
    assert SelfIdentification.objects.count() == 0


def test_header_blank_lines_bom_and_spaces(tmp_path, apps):
    a = str(apps[0].public_id)
    with pytest.raises(CommandError, match="line 1: the header"):
        run(tmp_path, f"id,sex,race\n{a},female,asian\n")
    # Columns in another order, a byte order mark (spreadsheet exports), spaces after commas, blank lines.
    run(tmp_path, f"sex, race_ethnicity, application_id\n\nfemale, asian, {a}\n\n", encoding="utf-8-sig")
    assert answers() == {a: ("female", "asian", "import")}


def test_an_erased_candidates_application_is_refused(tmp_path, apps):
    services.candidate_erase(candidate=apps[0].candidate)
    with pytest.raises(CommandError, match="line 2: this application's candidate was erased"):
        run(tmp_path, f"application_id,sex,race_ethnicity\n{apps[0].public_id},female,asian\n")


def test_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No file"):
        call_command("import_self_id", str(tmp_path / "none.csv"))

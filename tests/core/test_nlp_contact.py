"""Contact details: the name (not the first line blindly), emails, phones via phonenumbers, profile links."""
from __future__ import annotations

import pytest

from tests.core.test_nlp_support import read


@pytest.mark.parametrize(
    "top, name",
    [
        ("Jane Doe\n", "Jane Doe"),
        ("RESUME\nJane Doe\n", "Jane Doe"),
        ("Curriculum Vitae\n\nJane Doe\n", "Jane Doe"),
        ("Resume of Jane Doe\n", "Jane Doe"),
        ("Dr. Jane Doe\n", "Jane Doe"),
        ("Mr. RAVI KUMAR SHARMA\n", "RAVI KUMAR SHARMA"),
        ("Jane Doe, PhD\n", "Jane Doe"),
        ("Jane Doe | jane@example.com | 555-201-3344\n", "Jane Doe"),
        ("Name: Jane Doe\n", "Jane Doe"),
        ("arjun ks\n", "arjun ks"),
        ("Darshan G.\n", "Darshan G."),
        ("Senior Software Engineer\nJane Doe\n", "Jane Doe"),
        ("jane@example.com\n+1 415 555 0100\n123 Main Street, Springfield\nJane Doe\n", "Jane Doe"),
        # hyphenated and apostrophe names (JSON Resume themes print them as written)
        ("Mei-Ling Chen\nQuantitative Analyst\nNew York, United States\n", "Mei-Ling Chen"),
        ("Camille Dubois-Laurent\nProduct Designer\n", "Camille Dubois-Laurent"),
        ("Aoife O'Brien\nStatistician\n", "Aoife O'Brien"),
        # the headline set after the name on one line (JSON Resume's onepage theme)
        ("Kenji Watanabe, Embedded Software Engineer\nkenji.w@example.jp\n", "Kenji Watanabe"),
    ],
)
def test_name_is_found_past_titles_and_contact_lines(top, name):
    facts = read(top + "\nEXPERIENCE\nDeveloper at Initech Inc, 2019 - 2021\n")
    assert facts.name is not None and facts.name.text == name


@pytest.mark.parametrize(
    "top",
    [
        "ACCOUNTANT\nSummary\nDetail oriented.\n",
        "Senior Data Scientist\n",
        "Pune, Maharashtra\n",
        "SKILLS Python, SQL, Excel\n",
        "Worked at several companies over the years\n",
        "Full-Stack Developer\n",
    ],
)
def test_no_name_is_invented(top):
    assert read(top + "\nEDUCATION\nB.Sc, 2015\n").name is None


def test_emails_are_deduplicated_and_exact():
    facts = read("Jane Doe\nJane.Doe@Example.com; backup: jd+cv@mail.co.uk.\nContact: jane.doe@example.com\n")
    assert [e.text for e in facts.emails] == ["Jane.Doe@Example.com", "jd+cv@mail.co.uk"]


def test_phones_are_parsed_with_a_region_guessed_from_the_text():
    facts = read("Rahul Verma\nBengaluru, Karnataka, India\nMobile: 98450 12345\n")
    assert [(p.text, p.e164) for p in facts.phones] == [("98450 12345", "+919845012345")]
    facts = read("Jane Doe\nBoston, MA\nPhone: (617) 555-0148\n")
    assert [(p.text, p.e164) for p in facts.phones] == [("(617) 555-0148", "+16175550148")]
    facts = read("Jane Doe\nLondon\nTel: +44 20 7946 0958\n")
    assert [p.e164 for p in facts.phones] == ["+442079460958"]


@pytest.mark.parametrize(
    "line",
    [
        "EXPERIENCE\nAnalyst, Initech Inc, 2017-2019\n",
        "EXPERIENCE\nAnalyst, Initech Inc, 2017 - 2019\n",
        "EDUCATION\nB.Sc 2012 2015\n",
        "CERTIFICATIONS\nLicense No. 18626012\n",
        "OTHER\nEmployee ID: 4402331987\n",
        "OTHER\nDated 12/03/2019\n",
    ],
)
def test_years_dates_and_ids_are_not_phones(line):
    assert read("Jane Doe\n\n" + line).phones == ()


def test_profile_links_get_a_kind_and_a_normalised_url():
    text = (
        "Jane Doe\n"
        "https://www.linkedin.com/in/janedoe/?trk=public | github.com/janedoe | janedoe.dev\n"
        "www.kaggle.com/janedoe , https://scholar.google.com/citations?user=abc123 , gitlab.com/jd\n"
        "stackoverflow.com/users/42/jane\n"
        "\nPROJECTS\nRanker: https://github.com/janedoe/ranker.\n"
    )
    facts = read(text)
    assert [(link.kind, link.url) for link in facts.links] == [
        ("linkedin", "https://www.linkedin.com/in/janedoe"),
        ("github", "https://github.com/janedoe"),
        ("portfolio", "https://janedoe.dev"),
        ("kaggle", "https://www.kaggle.com/janedoe"),
        ("scholar", "https://scholar.google.com/citations?user=abc123"),
        ("gitlab", "https://gitlab.com/jd"),
        ("stackoverflow", "https://stackoverflow.com/users/42/jane"),
        ("github", "https://github.com/janedoe/ranker"),
    ]
    assert facts.links[-1].text == "https://github.com/janedoe/ranker"  # the full stop is not part of it
    # a repository link in a project is open-source work
    assert [(i.text, i.kind) for i in facts.open_source] == [("Ranker: https://github.com/janedoe/ranker.", "github")]


def test_location_from_the_header():
    assert read("Jane Doe\nAustin, TX 78701 | jane@example.com\n").location.text == "Austin, TX 78701"
    assert read("Jane Doe\nAddress: 12 Rue de Rivoli, Paris\n").location.text == "12 Rue de Rivoli, Paris"
    assert read("Jane Doe\njane@example.com\n").location is None

"""Fingerprints for duplicates: the same text, address, phone or name written another way matches."""
import subprocess
import sys

from screening.fingerprints import email_key, name_key, phone_key, text_digest


def test_text_digest_evens_out_case_and_spacing_only():
    assert text_digest("Ada Lovelace\nPython,  PyTorch\n") == text_digest("  ADA LOVELACE\r\n\tpython, pytorch")
    assert text_digest("Ada Lovelace\nPython") != text_digest("Ada Lovelace\nRust")
    assert text_digest(" \n\t") == ""


def test_contact_keys():
    assert email_key(" Ada@Example.COM ") == "ada@example.com"
    assert phone_key("+44 20 7946 0958") == phone_key("020 7946 0958") == "079460958"
    assert phone_key("12-34") == ""  # too short to tell people apart
    assert name_key("Lovelace, Ada") == "lovelace ada" and name_key("ADA  LOVELACE") == "ada lovelace"


def test_fingerprints_do_not_import_django():
    code = "import sys, screening.fingerprints; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

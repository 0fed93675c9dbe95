"""Fingerprints for finding the same resume or the same person sent twice (pure: no Django)."""
from __future__ import annotations

import hashlib
import re

_SPACE = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"\D")


def text_digest(text: str) -> str:
    """sha256 of the text with case and runs of whitespace evened out; "" for a text with no words.

    Two files that read the same (a PDF exported again, its Word original) get the same digest, while a
    single changed word makes another."""
    normalised = _SPACE.sub(" ", text.casefold()).strip()
    if not normalised:
        return ""
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def email_key(email: str) -> str:
    """An address as addresses are matched here: surrounding spaces ignored, case-insensitive."""
    return email.strip().casefold()


def phone_key(phone: str) -> str:
    """The phone number's last nine digits ("+44 20 7946 0958" and "020 7946 0958" match); "" if it is too
    short to tell people apart."""
    digits = _NOT_DIGIT.sub("", phone)
    return digits[-9:] if len(digits) >= 7 else ""


def name_key(name: str) -> str:
    """A name with case, spaces and punctuation evened out."""
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())

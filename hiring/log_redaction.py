"""Keeps candidates' secrets and recruiters' searches out of the logs, whatever logger writes them.

Logs are kept longer and read by more people (operators, log services) than the database. The status
link's token is a key to a candidate's application, an email address names a person, and a recruiter's
search terms ("?q=Nagpur") say what they looked for in whose resume. Django's own loggers write request
paths with their query strings (runserver's request lines, "Internal Server Error: /applications/<token>/")
and django-axes writes user names, which may be email addresses. This filter sits on every handler of
the project's logging configuration and rewrites each record before any formatter sees it.
"""

from __future__ import annotations

import logging
import re

# A URL-safe random key of 32 characters or more (status tokens are 43; confirmation links are longer).
_TOKEN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])")
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Every value of a query string: search terms, filters, emails, tokens passed as parameters.
_QUERY_VALUE = re.compile(r"([?&][^=\s&#\"']*=)[^&\s#\"']*")
# The path segment after /applications/ is a status token, however short a forged one is.
_STATUS_PATH = re.compile(r"(/applications/)[^/\s\"'?]+")


def redact(text: str) -> str:
    text = _QUERY_VALUE.sub(r"\1[redacted]", text)
    text = _STATUS_PATH.sub(r"\1[token]", text)
    text = _EMAIL.sub("[email]", text)
    return _TOKEN.sub("[token]", text)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            # The traceback's last line repeats the exception's message, which may hold any of these.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True

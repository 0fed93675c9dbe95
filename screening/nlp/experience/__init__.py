"""Work history: each role's title, employer, dates and months, from the experience sections.

A role is anchored on its date range ("Jan 2019 – Present") or, in Indeed exports, on the
"Company - City" line. The few short lines around the anchor are the role's header; they are cut into
segments at separators (" | ", " - ", ", ", " at ", tabs) and each segment is read as a title (it has a
job word: engineer, analyst, nurse…), an employer (Inc, Ltd, Technologies, Bank…), a location or a date.
Layout decides what the words cannot: Indeed puts the title above the company, most others put
"Title, Company" or "Company | Title" on one line.

`history` finds the anchors and their headers, `header` reads one header, `segments` says what a piece
of it is, `merging` folds repeated blocks of one job together, `stated` reads "N years of experience".
"""
from screening.nlp.experience.history import WorkHistory, read_work_history
from screening.nlp.experience.stated import experience_periods, stated_experience_months, stated_periods

__all__ = ["WorkHistory", "experience_periods", "read_work_history", "stated_experience_months", "stated_periods"]

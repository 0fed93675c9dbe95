"""One role per job: blocks that repeat a job (per project, an umbrella line, a client) folded into it."""
from __future__ import annotations

from dataclasses import replace

from screening.nlp.dates import interval_months, month_interval
from screening.nlp.facts import Role
from screening.nlp.organisations import employer_key


def extend_spans(roles: list[Role], end: int) -> list[Role]:
    """Each role runs until the next one starts (the last one to the end of its section)."""
    out = []
    for n, role in enumerate(roles):
        stop = roles[n + 1].span_start if n + 1 < len(roles) else end
        out.append(replace(role, ml_relevant=False, span_end=max(stop, role.span_start)))
    return out


def _employer_key(role: Role) -> frozenset[str]:
    return employer_key(role.employer.text) if role.employer is not None else frozenset()


def _same_employer(a: Role, b: Role) -> bool:
    """"Infosys Ltd" and "Infosys Limited", "[24]7 Inc" and "7 Inc": one name's words hold the other's."""
    ka, kb = _employer_key(a), _employer_key(b)
    return bool(ka and kb) and (ka <= kb or kb <= ka)


def _month_key(d, default: int) -> tuple[int, int]:
    return (d.year, d.month or default)


def _same_dates(a: Role, b: Role) -> bool:
    """Equal start and end, a year alone matching any month of that year ("2013" and "October 2013")."""
    if not (a.start and a.end and b.start and b.end):
        return False
    for x, y in ((a.start, b.start), (a.end, b.end)):
        if x.year != y.year or (x.month and y.month and x.month != y.month) or x.present != y.present:
            return False
    return True


def _overlap(a: Role, b: Role) -> bool:
    if not (a.start and a.end and b.start and b.end):
        return False
    ia, ib = month_interval(a.start, a.end), month_interval(b.start, b.end)
    # consecutive jobs share their boundary month ("Jan 2015 to Sep 2015" after "Jul 2014 to Jan 2015")
    return min(ia[1], ib[1]) - max(ia[0], ib[0]) >= 2


def _dated(role: Role) -> bool:
    return bool(role.start and role.end)


def merge_repeats(roles: list[Role]) -> list[Role]:
    """One role per job: blocks that repeat a job already read are folded into it.

    Resumes repeat a job in three ways: a second block under the same employer for another project
    (Kaggle exports print "company - X" once per project; untitled), an umbrella line over the titled
    roles held there ("Oracle Inc - 1998 to Present" above each promotion), and a client or narrative
    block with exactly the job's dates ("Microsoft Corporation - Nov 2014 to Jul 2016" under the HCL role;
    "Worked in [24]7 Inc as HR Executive from April 2012 to Mar 2013"). The job keeps its first title,
    employer and place; an untitled repeat that reaches beyond its dates widens them. A repeat's text
    stays with the role before it, so role extents remain contiguous.
    """
    kept: list[Role] = []
    for b in roles:
        target = None
        if b.title is None and b.start and b.end:
            # an umbrella over titled roles at the same employer that together span its dates
            same = [month_interval(r.start, r.end) for r in roles if r is not b and r.title is not None and _same_employer(r, b) and r.start and r.end]
            if same and _covered(month_interval(b.start, b.end), same):
                target = -1
        if target is None:
            for j in range(len(kept) - 1, -1, -1):
                a = kept[j]
                adjacent = j == len(kept) - 1
                if _same_employer(a, b) and _same_dates(a, b):
                    target = j
                elif b.title is None and _same_employer(a, b) and (
                    _overlap(a, b) or not _dated(a) or not _dated(b)
                ):
                    target = j
                elif adjacent and b.title is None and _same_dates(a, b):
                    target = j  # a client block with the job's own dates
                if target is not None:
                    break
        if target is None or not kept:
            kept.append(b)
            continue
        if target >= 0:
            kept[target] = _fold(kept[target], b)
        last = kept[-1]
        kept[-1] = replace(last, span_end=max(last.span_end, b.span_end))
    return kept


def _covered(interval: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    """Whether the union of `others` covers `interval` (a month's slack at each join)."""
    reach = interval[0]
    for first, last in sorted(others):
        if first > reach + 1:
            break
        reach = max(reach, last)
        if reach + 1 >= interval[1]:
            return True
    return False


def _fold(a: Role, b: Role) -> Role:
    start, end = a.start, a.end
    if not _dated(a):
        start, end = b.start, b.end
    elif a.start and a.end and b.start and b.end and b.title is None:  # (a is dated here; said again for mypy)
        if _month_key(b.start, 1) < _month_key(a.start, 1):
            start = b.start
        if (b.end.present and not a.end.present) or (b.end.present == a.end.present and _month_key(b.end, 12) > _month_key(a.end, 12)):
            end = b.end
    months = interval_months(month_interval(start, end)) if start and end else None
    return replace(
        a,
        title=a.title or b.title,
        employer=a.employer or b.employer,
        location=a.location or b.location,
        start=start,
        end=end,
        months=months,
    )

"""Which stage may follow which: the one table the services enforce and the forms, API and admin offer.

The team moves an application forward through the hiring stages, may step it back one stage (an
interview that should have stayed in screening), and may reject it at any open stage. Hired, rejected and
withdrawn end the process: a rejection can only be undone within its short undo window
(services.pipeline.rejections_undo), and "withdrawn" belongs to the candidate alone, who withdraws from
the status page and reopens by applying again. A team that hears a candidate has dropped out rejects
with the reason "The candidate declined or stopped responding", so the candidate's page never claims
they withdrew.
"""

from __future__ import annotations

from screening.models import Application

Stage = Application.Stage

# Moves the hiring team (web, bulk actions, API) may make, in the order forms offer them.
TEAM_MOVES: dict[str, tuple[str, ...]] = {
    Stage.NEW: (Stage.SCREENING, Stage.INTERVIEW, Stage.REJECTED),
    Stage.SCREENING: (Stage.INTERVIEW, Stage.REJECTED),
    Stage.INTERVIEW: (Stage.OFFER, Stage.SCREENING, Stage.REJECTED),
    Stage.OFFER: (Stage.HIRED, Stage.INTERVIEW, Stage.REJECTED),
    Stage.HIRED: (),
    Stage.REJECTED: (),
    Stage.WITHDRAWN: (),
}

# The candidate's own move: withdrawing from any stage still in progress.
WITHDRAWABLE_STAGES: tuple[str, ...] = (Stage.NEW, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER)

# Stages after which the hiring process is over for the candidate.
CLOSED_STAGES: tuple[str, ...] = (Stage.REJECTED, Stage.WITHDRAWN)

# Stages the team can move a group of candidates to at once (from wherever each one is).
BULK_TARGETS: tuple[str, ...] = (Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED)

FORWARD: tuple[str, ...] = (Stage.NEW, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED)


def team_moves(stage: str) -> tuple[str, ...]:
    """The stages the team may move an application in `stage` to (empty: the process is over)."""
    return TEAM_MOVES.get(stage, ())


def team_may_move(from_stage: str, to_stage: str) -> bool:
    return to_stage in team_moves(from_stage)


def next_step(stage: str) -> str | None:
    """The next stage forward ("Advance to …"), if the team may move there."""
    if stage not in FORWARD or stage == Stage.HIRED:
        return None
    following = FORWARD[FORWARD.index(stage) + 1]
    return following if team_may_move(stage, following) else None


def in_words(stages: tuple[str, ...]) -> str:
    """"Interview, Offer or Rejected": the stages in words, for messages."""
    names = [Stage(s).label for s in stages]
    if not names:
        return "none"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]

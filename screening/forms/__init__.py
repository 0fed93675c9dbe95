"""Forms, one module per part of the site: input validation only; the services decide and store."""
from .careers import ApplyForm
from .recruiter import RankingFilterForm

__all__ = ["ApplyForm", "RankingFilterForm"]

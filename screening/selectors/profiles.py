"""Competency profiles for the API: each with its published version, and its versions newest first."""

from __future__ import annotations

from django.db.models import QuerySet

from screening.models import CompetencyProfile, ProfileVersion


def profiles_published() -> QuerySet[CompetencyProfile]:
    return CompetencyProfile.objects.select_related("published_version").order_by("name")


def profile_by_slug(*, slug: str) -> QuerySet[CompetencyProfile]:
    return CompetencyProfile.objects.filter(slug=slug).select_related("published_version")


def profile_versions(*, profile: CompetencyProfile) -> QuerySet[ProfileVersion]:
    return profile.versions.select_related("published_by").order_by("-number")

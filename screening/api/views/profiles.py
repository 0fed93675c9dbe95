"""Competency profiles: published versions and their weights for anyone reading rankings; the draft and
publishing for keys with `profiles:write` (a hiring admin's, as on the web's profile editor)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from screening import scoring, selectors, services
from screening.api.authentication import key_user
from screening.models import ApiKey, CompetencyProfile, ProfileVersion

from screening.api import serializers as s
from screening.api.errors import PROBLEM_CONTENT_TYPE, problem
from .applications import ERRORS

READERS = (ApiKey.Scope.APPLICATIONS_READ, ApiKey.Scope.PROFILES_WRITE)


class WeightOut(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    weight = serializers.FloatField()
    possible = serializers.FloatField(help_text="Points of 100 this part can earn: 100 × weight / all weights.")
    must_have = serializers.BooleanField()


class VersionOut(serializers.Serializer):
    number = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    changes = serializers.ListField(child=serializers.CharField())


class ProfileOut(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    published_version = serializers.IntegerField(allow_null=True)
    must_have_factor = serializers.FloatField(allow_null=True)
    weights = WeightOut(many=True, help_text="Of the published version.")
    versions = VersionOut(many=True)


class DraftOut(serializers.Serializer):
    spec = serializers.JSONField(help_text="The draft as a profile spec (competencies, education, experience).")
    unpublished_changes = serializers.BooleanField()


class DraftUpdatedOut(serializers.Serializer):
    changes = serializers.ListField(child=serializers.CharField())


class PublishedOut(serializers.Serializer):
    version = serializers.IntegerField()
    changes = serializers.ListField(child=serializers.CharField())


def _weights(version: ProfileVersion | None) -> list[dict]:
    if version is None:
        return []
    spec = scoring.ProfileSpec.from_dict(version.spec)
    parts = [(c.key, c.name, c.category, c.weight, c.must_have) for c in spec.competencies]
    parts += [
        ("education", "Education", "education", spec.education.weight, False),
        ("experience", "Experience", "experience", spec.experience.weight, False),
    ]
    total = sum(p[3] for p in parts) or 1.0
    return [
        {"key": k, "name": n, "category": c, "weight": w, "possible": round(100 * w / total, 2), "must_have": m}
        for k, n, c, w, m in parts
    ]


def _profile(profile: CompetencyProfile, versions) -> dict:
    published = profile.published_version
    return {
        "slug": profile.slug,
        "name": profile.name,
        "published_version": published.number if published else None,
        "must_have_factor": published.spec.get("must_have_factor") if published else None,
        "weights": _weights(published),
        "versions": [{"number": v.number, "published_at": v.published_at, "changes": v.changes} for v in versions],
    }


class ProfileList(APIView):
    read_scope = READERS

    @extend_schema(
        operation_id="profiles_list",
        responses={200: ProfileOut(many=True), **ERRORS},
        summary="Profiles with their published weights",
    )
    def get(self, request: Request) -> Response:
        return Response([_profile(p, selectors.profile_versions(profile=p)) for p in selectors.profiles_published()])


class ProfileDetail(APIView):
    read_scope = READERS

    @extend_schema(responses={200: ProfileOut, **ERRORS}, summary="A profile: versions and the published weights")
    def get(self, request: Request, slug: str) -> Response:
        profile = get_object_or_404(selectors.profile_by_slug(slug=slug))
        return Response(_profile(profile, selectors.profile_versions(profile=profile)))


class ProfileDraft(APIView):
    read_scope = ApiKey.Scope.PROFILES_WRITE
    write_scope = ApiKey.Scope.PROFILES_WRITE

    @extend_schema(responses={200: DraftOut, **ERRORS}, summary="The draft being edited")
    def get(self, request: Request, slug: str) -> Response:
        profile = get_object_or_404(selectors.profile_by_slug(slug=slug))
        return Response(
            {
                "spec": services.profile_draft_spec(profile).to_dict(),
                "unpublished_changes": services.profile_has_unpublished_changes(profile),
            }
        )

    @extend_schema(
        request=s.ProfileDraftSerializer,
        responses={200: DraftUpdatedOut, **ERRORS},
        summary="Replace the draft (settings and competencies, matched by key); nothing is re-scored until publish",
    )
    def put(self, request: Request, slug: str) -> Response:
        profile = get_object_or_404(selectors.profile_by_slug(slug=slug))
        body = s.ProfileDraftSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changes = services.profile_draft_update(
            profile=profile,
            settings=body.validated_data["settings"],
            competencies=body.validated_data["competencies"],
            actor=key_user(request),
            request=request._request,
        )
        return Response({"changes": changes})


class ProfilePublish(APIView):
    write_scope = ApiKey.Scope.PROFILES_WRITE

    @extend_schema(
        request=None,
        responses={201: PublishedOut, (409, PROBLEM_CONTENT_TYPE): s.ProblemOut, **ERRORS},
        summary="Publish the draft as a new version; every application using it is re-scored in the background",
    )
    def post(self, request: Request, slug: str) -> Response:
        profile = get_object_or_404(selectors.profile_by_slug(slug=slug))
        if not services.profile_has_unpublished_changes(profile):  # as the web's publish button
            return problem(status.HTTP_409_CONFLICT, "The published version already matches the draft.")
        version = services.profile_publish(profile=profile, actor=key_user(request), request=request._request)
        return Response({"version": version.number, "changes": version.changes}, status=status.HTTP_201_CREATED)

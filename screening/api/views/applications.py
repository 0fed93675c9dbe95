"""Jobs, their ranked applications, one application's explained score, and a recruiter's stage moves and
notes: the same selectors and services as the recruiter pages, with the same audit and oversight records."""

from __future__ import annotations

import base64
import hashlib
import binascii
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from screening import selectors, services
from screening.api.authentication import key_user, request_key
from screening.models import ApiKey, Application
from screening.views.recruiter.common import skill_filter

from screening.api import representations as rep
from screening.api import serializers as s
from screening.api.errors import PROBLEM_CONTENT_TYPE, problem

# Errors are RFC 9457 problem details, under their own media type.
ERRORS = {(code, PROBLEM_CONTENT_TYPE): s.ProblemOut for code in (400, 401, 403, 404, 429)}


def _encode_cursor(number: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"p": number}).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int | None:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        number = int(data["p"])
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        return None
    return number if number >= 1 else None


class JobList(APIView):
    read_scope = ApiKey.Scope.APPLICATIONS_READ

    @extend_schema(
        operation_id="jobs_list", responses={200: s.JobOut(many=True), **ERRORS}, summary="Jobs, open ones first"
    )
    def get(self, request: Request) -> Response:
        return Response(
            [rep.job_dict(job) for job in selectors.jobs_with_counts().select_related("profile__published_version")]
        )


class JobDetail(APIView):
    read_scope = ApiKey.Scope.APPLICATIONS_READ

    @extend_schema(responses={200: s.JobOut, **ERRORS}, summary="One job")
    def get(self, request: Request, slug: str) -> Response:
        return Response(rep.job_dict(get_object_or_404(selectors.job_for_recruiter(slug=slug))))


class JobApplications(APIView):
    """GET: the ranked list. POST: an application from another system (see `post`)."""

    read_scope = ApiKey.Scope.APPLICATIONS_READ
    write_scope = ApiKey.Scope.APPLICATIONS_WRITE

    @extend_schema(
        parameters=[s.RankingQuerySerializer],
        responses={200: s.RankingPageOut, **ERRORS},
        summary="The job's ranked applications, with the web list's filters, search and sort",
    )
    def get(self, request: Request, slug: str) -> Response:
        job = get_object_or_404(selectors.job_for_recruiter(slug=slug))
        query = s.RankingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        number = 1
        if data.get("cursor"):
            decoded = _decode_cursor(data["cursor"])
            if decoded is None:
                return problem(
                    status.HTTP_400_BAD_REQUEST,
                    "The cursor is not valid.",
                    errors={"cursor": ["The cursor is not valid."]},
                )
            number = decoded
        skill_id, skill_family = skill_filter(data.get("skill", ""))
        filters = selectors.RankingFilters(
            q=data.get("q", ""),
            min_score=data.get("min_score"),
            must_haves_met=bool(data.get("must_haves")),
            skill=skill_id,
            skill_family=skill_family,
            degree_level=data.get("degree", ""),
            min_months=data.get("min_months"),
            stage=data.get("stage", ""),
            status=data.get("status", ""),
            sort=data["sort"],
        )
        page = selectors.ranking_page(job=job, filters=filters, number=number, per_page=data["page_size"])
        rows = [rep.application_row(app, page.start_index + i) for i, app in enumerate(page.rows)]
        services.oversight_ranking_viewed(
            actor=key_user(request), job=job, shown=[r["id"] for r in rows], page=page.number, filters=filters
        )

        def link(target: int) -> str:
            params = request.query_params.copy()
            params["cursor"] = _encode_cursor(target)
            return request.build_absolute_uri(request.path) + "?" + params.urlencode()

        return Response(
            {
                "count": page.count,
                "next": link(page.number + 1) if page.has_next else None,
                "previous": link(page.number - 1) if page.has_previous else None,
                "results": rows,
            }
        )

    @extend_schema(
        request={"multipart/form-data": s.ApplicationSubmitSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="Any unique string (say a UUID) per application: a retry with it returns the first result.",
            )
        ],
        responses={201: s.ApplicationCreatedOut, (422, PROBLEM_CONTENT_TYPE): s.ProblemOut, **ERRORS},
        summary="Submit an application from another system (multipart); the resume is read in the background",
    )
    def post(self, request: Request, slug: str) -> Response:
        job = get_object_or_404(selectors.job_for_recruiter(slug=slug))
        body = s.ApplicationSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        upload = data["resume"]
        resume_data = upload.read()
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 255:
            return problem(status.HTTP_400_BAD_REQUEST, "The Idempotency-Key header is over 255 characters.")
        fields = {k: v for k, v in data.items() if k != "resume"}
        try:
            application, replayed = services.application_submit_once(
                api_key=request_key(request),
                idempotency_key=key,
                fingerprint=services.request_fingerprint(
                    method="POST", path=request.path, fields=fields, file_sha256=hashlib.sha256(resume_data).hexdigest()
                ),
                job=job,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                resume_name=upload.name or "",
                resume_data=resume_data,
                legal_basis=data["legal_basis"],
                consent_version=data["consent_version"],
                actor=key_user(request),
                request=request._request,
            )
        except services.IdempotencyKeyReused as exc:
            return problem(status.HTTP_422_UNPROCESSABLE_ENTITY, exc.messages[0])
        resume = application.current_resume
        headers = {"Location": request.build_absolute_uri(reverse("api:application", args=[application.public_id]))}
        if replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(
            {
                "id": str(application.public_id),
                "job": job.slug,
                "stage": application.stage,
                "status": resume.status if resume else "received",
                "resume_version": resume.version if resume else 0,
            },
            status=status.HTTP_201_CREATED,
            headers=headers,
        )


def _application(public_id) -> Application:
    return get_object_or_404(selectors.application_by_public_id(public_id=public_id))


class ApplicationDetail(APIView):
    read_scope = ApiKey.Scope.APPLICATIONS_READ

    @extend_schema(
        responses={200: s.ApplicationOut, **ERRORS},
        summary="One application: status, score with each competency's points and evidence, facts, stage",
    )
    def get(self, request: Request, public_id) -> Response:
        application = _application(public_id)
        score = selectors.score_for(application=application)
        breakdown = services.breakdown_for(score) if score is not None else None
        services.audit_record(
            action="application.viewed",
            object_type="application",
            object_id=application.public_id,
            actor=key_user(request),
            request=request._request,
            data={"via": "api"},
        )
        services.oversight_application_viewed(
            actor=key_user(request), application=application, score_shown=score is not None
        )
        return Response(rep.application_detail(application, score, breakdown))


class ApplicationStage(APIView):
    write_scope = ApiKey.Scope.APPLICATIONS_WRITE

    @extend_schema(
        request=s.StageMoveSerializer,
        responses={200: s.StageMovedOut, **ERRORS, (409, PROBLEM_CONTENT_TYPE): s.StageRefusedOut},
        summary="Move an application to a stage the stage rules allow from its current one (the candidate is "
        "emailed, as from the web; a rejection needs a reason and its email waits out the undo window). "
        "A move the rules refuse answers 409 with `allowed`, the stages it may move to.",
    )
    def post(self, request: Request, public_id) -> Response:
        application = _application(public_id)
        body = s.StageMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            moved = services.application_move(
                application=application,
                to_stage=body.validated_data["stage"],
                reason=body.validated_data["reason"],
                email_template=body.validated_data["email_template"],
                actor=key_user(request),
                request=request._request,
            )
        except DjangoValidationError as exc:
            if getattr(exc, "code", None) != "stage_not_allowed":
                raise
            allowed = (exc.params or {}).get("allowed", [])
            return problem(
                status.HTTP_409_CONFLICT,
                exc.messages[0],
                extra={"stage": application.stage, "allowed": allowed},
            )
        return Response({"id": str(application.public_id), "stage": application.stage, "moved": moved})


class ApplicationNotes(APIView):
    read_scope = ApiKey.Scope.APPLICATIONS_READ
    write_scope = ApiKey.Scope.APPLICATIONS_WRITE

    @extend_schema(responses={200: s.NoteOut(many=True), **ERRORS}, summary="The recruiters' notes, newest first")
    def get(self, request: Request, public_id) -> Response:
        application = _application(public_id)
        return Response([_note(n) for n in selectors.notes_for(application=application)])

    @extend_schema(request=s.NoteSerializer, responses={201: s.NoteOut, **ERRORS}, summary="Add a note")
    def post(self, request: Request, public_id) -> Response:
        application = _application(public_id)
        body = s.NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = services.note_add(
            application=application, author=key_user(request), body=body.validated_data["body"], request=request._request
        )
        return Response(_note(note), status=status.HTTP_201_CREATED)


def _note(note) -> dict:
    return {
        "id": note.pk,
        "body": note.body,
        "author": note.author.get_username() if note.author_id else None,
        "created_at": note.created_at,
    }

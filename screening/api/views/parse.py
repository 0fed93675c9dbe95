"""POST /api/v1/parse/: what the reader finds in a resume, stored nowhere."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from screening import services
from screening.models import ApiKey
from screening.nlp.jsonresume import SCHEMA, to_json_resume
from screening.services.applications import display_filename

from screening.api import serializers as s
from screening.api.throttles import ParseRateThrottle
from .applications import ERRORS


class ParseOut(serializers.Serializer):
    file = serializers.CharField()
    status = serializers.ChoiceField(choices=["processed", "needs_review", "failed"])
    error = serializers.CharField(allow_null=True)
    text = serializers.CharField()
    facts = serializers.JSONField(allow_null=True, help_text="Every value taken from the resume is {text, start, end}.")


# JSON Resume's own key is "$schema", not a Python name: the class is built from a dict of fields.
JsonResumeOut = type(
    "JsonResumeOut",
    (serializers.Serializer,),
    {
        "$schema": serializers.CharField(help_text="The JSON Resume schema this document follows."),
        "basics": serializers.DictField(required=False),
        "work": serializers.ListField(child=serializers.DictField(), required=False),
        "education": serializers.ListField(child=serializers.DictField(), required=False),
        "skills": serializers.ListField(child=serializers.DictField(), required=False),
        "projects": serializers.ListField(child=serializers.DictField(), required=False),
        "certificates": serializers.ListField(child=serializers.DictField(), required=False),
        "publications": serializers.ListField(child=serializers.DictField(), required=False),
        "awards": serializers.ListField(child=serializers.DictField(), required=False),
        "languages": serializers.ListField(child=serializers.DictField(), required=False),
    },
)
ParseResponse = PolymorphicProxySerializer(
    component_name="ParseResponse", serializers=[ParseOut, JsonResumeOut], resource_type_field_name=None
)


class ParseResume(APIView):
    write_scope = ApiKey.Scope.PARSE
    throttle_classes = [ParseRateThrottle]
    serializer_class = s.ParseSerializer

    @extend_schema(
        request={"multipart/form-data": s.ParseSerializer},
        parameters=[
            OpenApiParameter(
                "format",
                str,
                OpenApiParameter.QUERY,
                enum=["parse_resume", "jsonresume"],
                description="`jsonresume`: the facts as a JSON Resume document (jsonresume.org) instead.",
            )
        ],
        responses={200: ParseResponse, **ERRORS},
        summary="Read a resume and return its text and facts as `parse_resume --json` prints them; nothing is stored",
    )
    def post(self, request: Request) -> Response:
        body = s.ParseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["resume"]
        data = upload.read()
        try:
            services.resume_check(data=data, filename=upload.name or "")
        except ValidationError as exc:  # the careers form's messages for bad files, on the same field
            raise ValidationError({"resume": exc.messages}) from None
        result = services.resume_read_unstored(data=data, filename=upload.name or "")
        if request.query_params.get("format") == "jsonresume":
            return Response(to_json_resume(result.facts) if result.facts is not None else {"$schema": SCHEMA})
        return Response(
            {
                "file": display_filename(upload.name or ""),
                "status": result.status,
                "error": result.error or None,
                "text": result.text,
                "facts": result.facts.to_dict() if result.facts is not None else None,
            }
        )

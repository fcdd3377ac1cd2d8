"""The API side of scoping: one viewset mixin and one related field, both through visible_to."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters, pagination, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.ids import MAX_ID, is_id
from common.integrity import CONFLICT, conflict_message
from common.models import StaleEdit, VersionedModel
from common.pagination import EXACT_UP_TO, EstimatedCountPaginator
from common.scoping import scoped


class ScopedViewSetMixin:
    """Narrows ``queryset`` to the request user's scope; an object outside it answers 404, and
    so does an id no row can have (one that would overflow the database's integers)."""

    def get_queryset(self):
        return scoped(super().get_queryset(), self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if request.method in permissions.SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        # A write is all or nothing: any refusal (a rule, a stale version, a lost race) rolls
        # back whatever the request had written before it.
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            return response

    def get_object(self):
        lookup = self.lookup_url_kwarg or self.lookup_field
        if self.lookup_field == "pk" and not is_id(self.kwargs.get(lookup)):
            raise Http404
        obj = super().get_object()
        if isinstance(obj, VersionedModel):
            self._versioned = obj
            expected = self.request.headers.get("If-Match")
            writing = self.request.method in ("PUT", "PATCH", "DELETE")
            if writing and expected and expected.strip() != "*":
                versions = {
                    tag.strip().removeprefix("W/").strip('"') for tag in expected.split(",")
                }
                if str(obj.version) not in versions:
                    raise PreconditionFailed
        return obj

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        versioned = getattr(self, "_versioned", None)
        if versioned is not None and 200 <= response.status_code < 300 and versioned.pk:
            # The version this answer shows (after a change: the version it saved).
            response["ETag"] = f'"{versioned.version}"'
        return response


class EstimatedCountPagination(pagination.PageNumberPagination):
    """Pages of a list that may hold millions of rows: ``count`` is exact up to ten thousand
    and the database's estimate beyond (``common.pagination``), so no page counts the table."""

    django_paginator_class = EstimatedCountPaginator

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count"]["description"] = (
            f"The number of matching records: exact up to {EXACT_UP_TO}, an estimate above "
            "(a page past the estimate answers with fewer results, or none)."
        )
        return schema


class IdFilter(django_filters.NumberFilter):
    """A filter by the id of a related row: a whole number a database id can be, else a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class FilterSet(django_filters.FilterSet):
    """The project's filter sets: a relation filters by id and a number within its column's range,
    so no query string can overflow the database into a server error."""

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        if field.is_relation and field.many_to_one:
            return IdFilter(field_name=field_name, lookup_expr=lookup_expr or "exact")
        filter_ = super().filter_for_field(field, field_name, lookup_expr)
        if isinstance(filter_, django_filters.NumberFilter):
            filter_.extra.setdefault("min_value", -MAX_ID)
            filter_.extra.setdefault("max_value", MAX_ID)
        return filter_


class FilterBackend(DjangoFilterBackend):
    """django-filter, building a viewset's ``filterset_fields`` on the project's ``FilterSet``."""

    filterset_base = FilterSet


class SearchFilter(filters.SearchFilter):
    """DRF's search, with a refused term (a null character) answered under the parameter's
    name, like every other refused parameter."""

    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except exceptions.ValidationError as error:
            raise exceptions.ValidationError({self.search_param: error.detail}) from error


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key that may only name an object the request user can see.

    An id outside the scope gets the same "does not exist" error as a missing id.
    """

    def get_queryset(self):
        return scoped(super().get_queryset(), self.context["request"].user)


class ScopedModelSerializer(serializers.ModelSerializer):
    serializer_related_field = ScopedPrimaryKeyRelatedField

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            # DRF drops ``allow_blank`` from a read-only field; the value can still be "" (an
            # exit reason while the person attends), and the schema must list it.
            if isinstance(field, serializers.ChoiceField) and field.read_only:
                source = field.source or name  # (set when the field is bound)
                model_field = next(
                    (f for f in self.Meta.model._meta.fields if f.name == source), None
                )
                if model_field is not None and model_field.blank:
                    field.allow_blank = True
        return fields


class RolePermissions(permissions.DjangoModelPermissions):
    """Model permissions (granted by roles, see config.roles), with reading needing ``view``."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale"
    default_detail = _(
        "The record has changed since the version your If-Match names; fetch it again first."
    )


def exception_handler(exc, context):
    """DRF's handler, plus: Django's ValidationError (raised by model validation and services) as
    a 400 naming the fields or rules (every 400 is an object, never a bare list); a save that
    lost a race — a stale version, or a constraint the database held against a concurrent save —
    as a 409 saying what happened, never a 500."""
    if isinstance(exc, StaleEdit):
        return Response({"detail": exc.messages[0], "code": "stale"}, status=409)
    if isinstance(exc, IntegrityError):
        return Response({"detail": conflict_message(exc), "code": CONFLICT}, status=409)
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = serializers.ValidationError(detail=detail)
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list):
        # A refusal raised outside a serializer names no field: it is about the request as a
        # whole, and every 400 is an object (the published schema says so).
        exc = exceptions.ValidationError(detail={"non_field_errors": exc.detail})
    return drf_exception_handler(exc, context)


class ModelValidationMixin:
    """Runs the model's own validation (``full_clean``: fields, ``clean()``, constraints) on the
    data a serializer is about to save, so the API refuses exactly what the admin refuses."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        concrete = {
            field.name
            for field in model._meta.get_fields()
            if field.concrete and not field.many_to_many
        }
        plain = {name: value for name, value in attrs.items() if name in concrete}
        instance = model(**plain) if self.instance is None else self.instance
        before = {}
        if self.instance is not None:
            for name, value in plain.items():
                field = model._meta.get_field(name)
                before[field.attname] = getattr(instance, field.attname)
                setattr(instance, name, value)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from error
        finally:
            # Put back what was tried (not a reload: the version read stays the one to save over).
            for attname, value in before.items():
                setattr(instance, attname, value)
                instance._state.fields_cache.pop(attname.removesuffix("_id"), None)
        return attrs

"""The API side of scoping: one viewset mixin and one related field, both through visible_to."""

from rest_framework import permissions, serializers

from common.scoping import scoped


class ScopedViewSetMixin:
    """Narrows ``queryset`` to the request user's scope; an object outside it answers 404."""

    def get_queryset(self):
        return scoped(super().get_queryset(), self.request.user)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key that may only name an object the request user can see.

    An id outside the scope gets the same "does not exist" error as a missing id.
    """

    def get_queryset(self):
        return scoped(super().get_queryset(), self.context["request"].user)


class ScopedModelSerializer(serializers.ModelSerializer):
    serializer_related_field = ScopedPrimaryKeyRelatedField


class RolePermissions(permissions.DjangoModelPermissions):
    """Model permissions (granted by roles, see config.roles), with reading needing ``view``."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

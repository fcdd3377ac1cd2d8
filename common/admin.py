"""The admin side of scoping: querysets, object lookups and foreign-key choices, all through
visible_to."""

from django.http import Http404

from common.scoping import scoped


class ScopedAdminMixin:
    """For ModelAdmin and inlines: a user works only with rows their scope allows.

    An object outside the scope answers 404, exactly like a missing one (Django's admin would
    redirect with a message instead), so nobody can probe which objects exist.
    """

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped(
                db_field.remote_field.model._default_manager.all(), request.user
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped(
                db_field.remote_field.model._default_manager.all(), request.user
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

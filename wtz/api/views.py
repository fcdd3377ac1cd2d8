from django.utils import timezone
from rest_framework import mixins, viewsets

from common.api import RolePermissions, ScopedViewSetMixin
from wtz.api.filters import RoomFilter, WorkshopFilter
from wtz.api.serializers import RoomSerializer, WorkshopSerializer
from wtz.models import Room, Workshop


class WorkshopViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Workshops the user works in (all of them for an administrator)."""

    queryset = Workshop.objects.select_related("organiser", "territory")
    serializer_class = WorkshopSerializer
    permission_classes = [RolePermissions]
    filterset_class = WorkshopFilter
    search_fields = ("name",)
    ordering_fields = ("name",)

    def get_queryset(self):
        return super().get_queryset().with_places_on(timezone.localdate())


class RoomViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Rooms of the user's workshops; the workshop's manager adds and renames them."""

    queryset = Room.objects.all()
    serializer_class = RoomSerializer
    permission_classes = [RolePermissions]
    filterset_class = RoomFilter
    search_fields = ("name",)
    ordering_fields = ("name",)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            # Staff who do not head the room's workshop read it but cannot find it to change it.
            queryset = queryset.filter(workshop__in=Workshop.objects.managed_by(self.request.user))
        return queryset

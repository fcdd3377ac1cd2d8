"""The one API router: every app's viewsets are registered here, under /api/v1/."""

from rest_framework.routers import DefaultRouter

from wtz.api.views import RoomViewSet, WorkshopViewSet

router = DefaultRouter()
router.register("workshops", WorkshopViewSet, basename="workshop")
router.register("rooms", RoomViewSet, basename="room")

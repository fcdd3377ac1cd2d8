from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.api import ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from wtz.models import Room, Workshop


class WorkshopSerializer(ScopedModelSerializer):
    organiser_name = serializers.CharField(source="organiser.name", read_only=True)
    territory_name = serializers.CharField(source="territory.name", read_only=True)
    places = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Contracted places in force today.")
    )

    class Meta:
        model = Workshop
        fields = (
            "id",
            "name",
            "organiser",
            "organiser_name",
            "territory",
            "territory_name",
            "address",
            "places",
        )


class ManagedWorkshopField(ScopedPrimaryKeyRelatedField):
    """A workshop the request user heads; any other id is "does not exist", like a missing one."""

    def get_queryset(self):
        return Workshop.objects.managed_by(self.context["request"].user)


class RoomSerializer(ScopedModelSerializer):
    workshop = ManagedWorkshopField()

    class Meta:
        model = Room
        fields = ("id", "workshop", "name", "is_active")
        validators = []  # the database's unique constraint answers with a field-level message

    def validate(self, attrs):
        workshop = attrs.get("workshop", getattr(self.instance, "workshop", None))
        name = attrs.get("name", getattr(self.instance, "name", None))
        clash = Room.objects.filter(workshop=workshop, name=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"name": _("The workshop already has a room with this name.")}
            )
        return attrs

from common.api import FilterSet, IdFilter
from wtz.models import Room, Workshop


class WorkshopFilter(FilterSet):
    organiser = IdFilter(field_name="organiser")
    territory = IdFilter(field_name="territory")

    class Meta:
        model = Workshop
        fields = ("organiser", "territory")


class RoomFilter(FilterSet):
    workshop = IdFilter(field_name="workshop")

    class Meta:
        model = Room
        fields = ("workshop", "is_active")

import django_filters

from wtz.models import Room, Workshop


class WorkshopFilter(django_filters.FilterSet):
    organiser = django_filters.NumberFilter(field_name="organiser")
    territory = django_filters.NumberFilter(field_name="territory")

    class Meta:
        model = Workshop
        fields = ("organiser", "territory")


class RoomFilter(django_filters.FilterSet):
    workshop = django_filters.NumberFilter(field_name="workshop")

    class Meta:
        model = Room
        fields = ("workshop", "is_active")

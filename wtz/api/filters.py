import django_filters

from wtz.models import Room, Workshop


class WorkshopFilter(django_filters.FilterSet):
    class Meta:
        model = Workshop
        fields = ("organiser", "territory")


class RoomFilter(django_filters.FilterSet):
    class Meta:
        model = Room
        fields = ("workshop", "is_active")

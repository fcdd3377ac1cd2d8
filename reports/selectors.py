"""Read-only shapes of data for the reports. Each takes the user and applies ``aggregate_scope``."""

import datetime
from dataclasses import dataclass, field

from organisations.models import Territory
from organisations.scoping import aggregate_scope
from wtz.models import Workshop


@dataclass
class PowiatPlaces:
    powiat: Territory
    workshops: list = field(default_factory=list)

    @property
    def places(self) -> int:
        return sum(workshop.places or 0 for workshop in self.workshops)


@dataclass
class WorkshopPlacesReport:
    on: datetime.date
    territories: list
    powiats: list

    @property
    def workshop_count(self) -> int:
        return sum(len(group.workshops) for group in self.powiats)

    @property
    def places(self) -> int:
        return sum(group.places for group in self.powiats)


def workshop_places(user, on: datetime.date) -> WorkshopPlacesReport:
    """Workshops in the user's report territories with the places contracted on ``on``, grouped by
    powiat. Organisational data only: no person is counted here. Two queries whatever the size."""
    territories = list(aggregate_scope(user).order_by("code"))
    workshops = (
        Workshop.objects.in_territories(territories)
        .with_places_on(on)
        .select_related("organiser", "territory__parent")
        .order_by("territory__code", "name")
    )
    groups: dict[int, PowiatPlaces] = {}
    for workshop in workshops:
        seat = workshop.territory
        powiat = seat.parent if seat.level == Territory.Level.GMINA else seat
        groups.setdefault(powiat.pk, PowiatPlaces(powiat=powiat)).workshops.append(workshop)
    return WorkshopPlacesReport(on=on, territories=territories, powiats=list(groups.values()))

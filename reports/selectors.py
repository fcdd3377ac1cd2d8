"""Read-only shapes of data for the reports. Each takes the user and applies ``aggregate_scope``."""

import datetime
from dataclasses import dataclass, field

from common.formats import number
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
class UnitPlaces:
    """A unit's workshops in total: how many, and their places."""

    unit: Territory
    workshop_count: int = 0
    places: int = 0

    @property
    def places_display(self) -> str:
        return number(self.places)


@dataclass
class WorkshopPlacesReport:
    on: datetime.date
    territories: list
    powiats: list  # PowiatPlaces: each workshop, in a powiat or a gmina
    units: list = field(default_factory=list)  # UnitPlaces: totals, in a voivodeship or above

    @property
    def workshop_count(self) -> int:
        if self.units:
            return sum(unit.workshop_count for unit in self.units)
        return sum(len(group.workshops) for group in self.powiats)

    @property
    def places_display(self) -> str:
        return number(self.places)

    @property
    def places(self) -> int:
        if self.units:
            return sum(unit.places for unit in self.units)
        return sum(group.places for group in self.powiats)


SUMMED_LEVELS = ("country", Territory.Level.VOIVODESHIP)


def workshop_places(user, on: datetime.date, territory: Territory) -> WorkshopPlacesReport:
    """Workshops in the user's report territories inside ``territory``, with the places
    contracted on ``on``: each workshop, grouped by powiat, for a powiat or a gmina; for a
    voivodeship or the country, the totals of each unit one level below it (every workshop of
    Poland would be hundreds of tables). Organisational data only: no person is counted here.
    Three queries whatever the size."""
    territories = list(aggregate_scope(user).order_by("code"))
    workshops = (
        Workshop.objects.in_territories(territories)
        .filter(territory__code__startswith=territory.code)
        .with_places_on(on)
    )
    if territory.level in SUMMED_LEVELS:
        length = len(territory.code) + 2  # a voivodeship's code has 2 digits, a powiat's 4
        totals: dict[str, UnitPlaces] = {}
        for code, places in workshops.values_list("territory__code", "places").order_by():
            unit = totals.setdefault(code[:length], UnitPlaces(None))
            unit.workshop_count += 1
            unit.places += places or 0
        for unit in Territory.objects.filter(code__in=totals):
            totals[unit.code].unit = unit
        units = [totals[code] for code in sorted(totals)]
        return WorkshopPlacesReport(on=on, territories=territories, powiats=[], units=units)
    groups: dict[int, PowiatPlaces] = {}
    for workshop in workshops.select_related("organiser", "territory__parent").order_by(
        "territory__code", "name"
    ):
        seat = workshop.territory
        powiat = seat.parent if seat.level == Territory.Level.GMINA else seat
        groups.setdefault(powiat.pk, PowiatPlaces(powiat=powiat)).workshops.append(workshop)
    return WorkshopPlacesReport(on=on, territories=territories, powiats=list(groups.values()))

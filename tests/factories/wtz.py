import factory

from tests.factories.accounts import UserFactory
from tests.factories.coop import LONG_AGO, GminaFactory, OrganisationFactory
from wtz.models import ContractedPlaces, Room, StaffAssignment, Workshop


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"WTZ nr {n}")
    organiser = factory.SubFactory(OrganisationFactory)
    territory = factory.SubFactory(GminaFactory)
    places = factory.RelatedFactory(
        "tests.factories.wtz.ContractedPlacesFactory", factory_related_name="workshop"
    )


class ContractedPlacesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractedPlaces

    workshop = factory.SubFactory(WorkshopFactory, places=None)
    starts_on = LONG_AGO
    places = 30


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Pracownia nr {n}")


class StaffAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAssignment

    user = factory.SubFactory(UserFactory)
    workshop = factory.SubFactory(WorkshopFactory)
    role = StaffAssignment.Role.INSTRUCTOR
    starts_on = LONG_AGO

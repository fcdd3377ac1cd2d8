import datetime

import factory

from organisations.models import (
    Cooperative,
    ManagerAssignment,
    OfficerAssignment,
    Organisation,
    Territory,
)
from tests.factories.accounts import UserFactory

LONG_AGO = datetime.date(2020, 1, 1)


class VoivodeshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("code",)

    code = "30"
    name = "wielkopolskie"
    level = Territory.Level.VOIVODESHIP
    parent = None


class PowiatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("code",)

    parent = factory.SubFactory(VoivodeshipFactory)
    code = factory.Sequence(lambda n: f"30{n % 100:02d}")
    name = factory.Sequence(lambda n: f"powiat {n}")
    level = Territory.Level.POWIAT


class GminaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("code",)

    parent = factory.SubFactory(PowiatFactory)
    code = factory.LazyAttributeSequence(lambda gmina, n: f"{gmina.parent.code}{n % 100:02d}2")
    name = factory.Sequence(lambda n: f"gmina {n}")
    level = Territory.Level.GMINA


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Stowarzyszenie nr {n}")
    kind = Organisation.Kind.NGO
    territory = factory.SubFactory(GminaFactory)


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperative

    organisation = factory.SubFactory(
        OrganisationFactory,
        kind=Organisation.Kind.COOPERATIVE,
        name=factory.Sequence(lambda n: f"Spółdzielnia Socjalna nr {n}"),
    )
    registered_on = datetime.date(2019, 5, 1)


class ManagerAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagerAssignment

    user = factory.SubFactory(UserFactory)
    cooperative = factory.SubFactory(CooperativeFactory)
    starts_on = LONG_AGO


class OfficerAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficerAssignment

    user = factory.SubFactory(UserFactory)
    territory = factory.SubFactory(PowiatFactory)
    starts_on = LONG_AGO


def social_status(cooperative, person, kind, starts_on, ends_on=None):
    """A person's status the cooperative was shown evidence of."""
    from coop.models import SocialStatus

    return SocialStatus.objects.create(
        cooperative=cooperative,
        person=person,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        evidence="Zaświadczenie",
    )

import datetime

import factory

from participants.models import (
    Consent,
    DisabilityCertificate,
    Enrolment,
    Indication,
    Person,
    PersonRegistration,
    Representative,
    WaitingListEntry,
)
from tests.factories.coop import GminaFactory, OrganisationFactory
from tests.factories.wtz import WorkshopFactory

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)


def make_pesel(birth_date: datetime.date, *, female: bool, serial: int) -> str:
    """A valid PESEL for ``birth_date``: the month carries the century, the tenth digit the sex."""
    month = birth_date.month + {1800: 80, 1900: 0, 2000: 20}[birth_date.year // 100 * 100]
    sex_digit = (serial % 5) * 2 + (0 if female else 1)
    digits = f"{birth_date.year % 100:02d}{month:02d}{birth_date.day:02d}{serial % 1000:03d}"
    digits += str(sex_digit)
    checksum = (10 - sum(int(d) * w for d, w in zip(digits, PESEL_WEIGHTS, strict=True)) % 10) % 10
    return digits + str(checksum)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    holder = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    birth_date = factory.Sequence(
        lambda n: datetime.date(1970, 1, 1) + datetime.timedelta(days=97 * n % 12000)
    )
    sex = Person.Sex.FEMALE
    pesel = factory.LazyAttributeSequence(
        lambda person, n: make_pesel(person.birth_date, female=person.sex == "F", serial=n)
    )
    residence = factory.SubFactory(GminaFactory)


class HeldRecordFactory(factory.django.DjangoModelFactory):
    """A record a workshop or an organiser holds about a person. Tests make the person first and
    their records after, so the first such record decides which organisation holds the person's
    record (``Person.holder``), as registering them there would have."""

    class Meta:
        abstract = True

    @classmethod
    def _hold(cls, kwargs):
        person = kwargs.get("person")
        organiser = kwargs.get("organiser") or getattr(kwargs.get("workshop"), "organiser", None)
        if person is None or organiser is None or person.holder_id == organiser.pk:
            return
        held_elsewhere = person.pk is not None and (
            PersonRegistration.objects.filter(person=person).exists()
            or WaitingListEntry.objects.filter(person=person).exists()
            or Enrolment.objects.filter(person=person).exists()
        )
        if not held_elsewhere:
            person.holder = organiser
            Person.objects.filter(pk=person.pk).update(holder=organiser)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        cls._hold(kwargs)
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        cls._hold(kwargs)
        return super()._create(model_class, *args, **kwargs)


class RegistrationFactory(HeldRecordFactory):
    class Meta:
        model = PersonRegistration

    person = factory.SubFactory(PersonFactory)
    workshop = factory.SubFactory(WorkshopFactory)
    registered_on = datetime.date(2023, 1, 1)


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    person = factory.SubFactory(PersonFactory)
    kind = Representative.Kind.LEGAL_GUARDIAN
    first_name = "Maria"
    last_name = "Opiekuńska"
    decision_reference = "III RNs 123/20"
    starts_on = datetime.date(2020, 1, 1)


class CertificateFactory(HeldRecordFactory):
    class Meta:
        model = DisabilityCertificate
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    workshop = factory.SubFactory(WorkshopFactory)
    kind = DisabilityCertificate.Kind.DEGREE
    degree = DisabilityCertificate.Degree.MODERATE
    number = factory.Sequence(lambda n: f"PZON.{n}/2022")
    issuing_board = "Powiatowy Zespół ds. Orzekania o Niepełnosprawności"
    issued_on = datetime.date(2022, 3, 1)
    is_permanent = True

    @factory.post_generation
    def indications(self, create, extracted, **kwargs):
        codes = [Indication.OCCUPATIONAL_THERAPY] if extracted is None else extracted
        if create and codes:
            self.indications.set(Indication.objects.filter(code__in=codes))


class ConsentFactory(HeldRecordFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    workshop = factory.SubFactory(WorkshopFactory)
    purpose = Consent.Purpose.REFERRAL
    legal_basis = Consent.LegalBasis.EXPLICIT_CONSENT
    given_on = datetime.date(2024, 1, 10)
    signed_by = Consent.Signer.PERSON


class WaitingListEntryFactory(HeldRecordFactory):
    class Meta:
        model = WaitingListEntry

    person = factory.SubFactory(PersonFactory)
    organiser = factory.LazyAttribute(lambda entry: WorkshopFactory().organiser)
    applied_on = datetime.date(2023, 1, 10)
    approved_on = datetime.date(2023, 2, 1)
    pcpr_reference = factory.Sequence(lambda n: f"PCPR.{n}.2023")
    status = WaitingListEntry.Status.WAITING


class EnrolmentFactory(HeldRecordFactory):
    class Meta:
        model = Enrolment

    person = factory.SubFactory(PersonFactory)
    workshop = factory.SubFactory(WorkshopFactory)
    application = factory.SubFactory(
        WaitingListEntryFactory,
        person=factory.SelfAttribute("..person"),
        organiser=factory.SelfAttribute("..workshop.organiser"),
        status=WaitingListEntry.Status.ADMITTED,
    )
    admitted_on = datetime.date(2023, 3, 1)

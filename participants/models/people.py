"""Who a person is, who may act for them, what proves their disability, what they agreed to."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import dates, formats
from common.models import DateRangeModel, DateRangeQuerySet, TimeStampedModel, bounded, user_who
from common.text import fold
from organisations.models import Organisation, Territory
from participants import rules, scoping
from participants.identity import birth_date_from_pesel, sex_from_pesel, validate_pesel
from participants.storage import private_storage
from wtz.models import Workshop


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.persons_visible_to(self, user)


class Person(TimeStampedModel):
    """A person on the path, as one organisation records them: identity only. Health data lives
    in the certificate, programme and evaluation tables, each held by a workshop. A person becomes
    a participant through a reserve list entry or an enrolment.

    The organisation that holds the record (``holder``: a workshop's organiser, or a cooperative
    for its own staff) is the controller of these data. Within it a PESEL is one person, whichever
    of its workshops registers them; another organisation that registers the same PESEL keeps a
    record of its own, so that registering a PESEL never reveals what anyone else holds."""

    person_path = "pk"

    class Sex(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")

    class LegalCapacity(models.TextChoices):
        FULL = "full", _("full legal capacity")
        PARTIAL = "partial", _("partially incapacitated (curator)")
        NONE = "none", _("fully incapacitated (legal guardian)")

    holder = models.ForeignKey(
        Organisation,
        verbose_name=_("record held by"),
        related_name="persons_held",
        on_delete=models.PROTECT,  # the controller's records are not dropped with its entry
        help_text=_(
            "The organisation whose record this is: the organiser of the workshop that registered "
            "the person, or the cooperative for its own staff."
        ),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    # NULL, not "", for "no PESEL": people without one never collide in the uniqueness below.
    pesel = models.CharField(  # noqa: DJ001
        _("PESEL"), max_length=11, null=True, blank=True, validators=[validate_pesel]
    )
    no_pesel_reason = models.CharField(
        _("why there is no PESEL"),
        max_length=255,
        blank=True,
        help_text=_("Required when the person has no PESEL, e.g. a foreigner without one."),
    )
    birth_date = models.DateField(
        _("date of birth"), help_text=_("Taken from the PESEL when there is one.")
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    residence = models.ForeignKey(
        Territory,
        verbose_name=_("place of residence"),
        related_name="residents",
        on_delete=models.PROTECT,  # reports count people by where they live
        # A gmina, or a city with powiat rights (stored once, as a powiat): never a powiat.
        limit_choices_to=models.Q(level="gmina")
        | models.Q(level="powiat", is_city_with_powiat_rights=True),
        help_text=_("The gmina where the person lives."),
    )
    legal_capacity = models.CharField(
        _("legal capacity"),
        max_length=8,
        choices=LegalCapacity.choices,
        default=LegalCapacity.FULL,
    )
    phone = models.CharField(
        _("phone"),
        max_length=32,
        blank=True,
        help_text=_("Optional: needs the person's consent to be contacted."),
    )
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Optional: needs the person's consent.")
    )

    anonymised_on = models.DateField(
        _("anonymised on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set when the identity and free text were removed: on request or when the record's "
            "retention period ended. What the reports count is kept."
        ),
    )

    search_key = models.CharField(
        _("search key"),
        max_length=240,
        editable=False,
        db_index=True,
        default="",
        help_text=_(
            "The names and PESEL without diacritics, in lower case: what a search compares."
        ),
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_key"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(pesel__isnull=False) & ~Q(pesel="")) | ~Q(no_pesel_reason=""),
                name="participants_person_pesel_or_reason",
                violation_error_message=_("Give the PESEL, or say why the person has none."),
            ),
            models.UniqueConstraint(
                fields=["holder", "pesel"],
                name="participants_person_pesel_once_per_holder",
                violation_error_message=_("A person with this PESEL is already registered."),
            ),
        ]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="participants_person_name")
        ]

    def __str__(self):
        if self.anonymised_on:
            return gettext("anonymised person no. %(number)s") % {"number": self.pk}
        return f"{self.last_name} {self.first_name}"

    def save(self, *args, **kwargs):
        self.search_key = fold(f"{self.last_name} {self.first_name} {self.pesel or ''}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name", "pesel"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        # The birth date and sex come from the PESEL, before the fields are checked as required.
        if self.pesel:
            try:
                self.birth_date = birth_date_from_pesel(self.pesel)
                self.sex = sex_from_pesel(self.pesel)
            except (ValidationError, ValueError, IndexError):
                pass  # the PESEL field's own validator reports what is wrong with it
        super().clean_fields(exclude)

    def clean(self):
        if self.pesel == "":
            self.pesel = None
        if not self.pesel and not self.no_pesel_reason:
            raise ValidationError(
                {"no_pesel_reason": _("Give the PESEL, or say why the person has none.")}
            )
        rules.check_contact_basis(self, timezone.localdate())

    def age_on(self, on: datetime.date) -> int:
        return dates.age_on(self.birth_date, on)


class PersonRegistrationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.workshop_records_visible_to(self, user)


class PersonRegistration(models.Model):
    """A workshop has this person on its books. Registering a PESEL that another workshop already
    knows adds a registration and nothing more: each workshop sees only the records it holds."""

    person_path = "person"

    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="registrations", on_delete=models.CASCADE
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        related_name="person_registrations",
        on_delete=models.CASCADE,
    )
    registered_on = models.DateField(_("registered on"))
    registered_by = user_who(_("registered by"))

    objects = PersonRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "workshop"], name="participants_registration_once"
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.workshop}"

    def clean(self):
        if self.person_id and self.workshop_id:
            rules.check_held_by(self.person, self.workshop.organiser_id)


class RepresentativeQuerySet(DateRangeQuerySet):
    def visible_to(self, user):
        return self.filter(person__in=Person.objects.visible_to(user))

    def with_details_shown(self, user):
        """Each row with ``details_shown``: whether ``user`` sees its ``DETAIL_FIELDS``."""
        return scoping.with_representative_details_shown(self, user)


class Representative(DateRangeModel):
    """Someone who acts for the person: a court-appointed legal guardian or curator, an attorney
    with a written power, or a de facto carer (family) who has no legal authority to sign."""

    person_path = "person"

    class Kind(models.TextChoices):
        LEGAL_GUARDIAN = "guardian", _("legal guardian")
        CURATOR = "curator", _("curator")
        ATTORNEY = "attorney", _("attorney (power of attorney)")
        DE_FACTO_CARER = "carer", _("de facto carer (no legal authority)")

    COURT_APPOINTED = (Kind.LEGAL_GUARDIAN, Kind.CURATOR)
    # Who represents the person, in what role, and when: everyone who sees the person sees these.
    IDENTITY_FIELDS = ("kind", "first_name", "last_name", "starts_on", "ends_on")
    # How to reach them and the documents behind the role: only the workshops holding the person
    # and administrators (participants.scoping.may_see_representative_details).
    DETAIL_FIELDS = ("phone", "decision_reference", "decision_on", "authority_scope")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="representatives", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    decision_reference = models.CharField(
        _("court decision or document"),
        max_length=120,
        blank=True,
        help_text=_("The court's case number, or the power of attorney's reference."),
    )
    decision_on = models.DateField(_("decided on"), null=True, blank=True)
    authority_scope = models.CharField(
        _("scope of authority"),
        max_length=255,
        blank=True,
        help_text=_("What the representative may do, as the decision or power states."),
    )

    objects = RepresentativeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["person", "-starts_on"]
        constraints = [DateRangeModel.range_constraint("participants_representative_dates")]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.get_kind_display()})"

    def clean(self):
        if self.kind != self.Kind.DE_FACTO_CARER and not self.decision_reference:
            raise ValidationError(
                {"decision_reference": _("A guardian, curator or attorney needs the document.")}
            )

    @property
    def may_sign(self) -> bool:
        return self.kind != self.Kind.DE_FACTO_CARER


class CauseSymbol(models.Model):
    """An official cause-of-disability symbol (01-U … 12-C) of the certification regulation."""

    code = models.CharField(_("symbol"), max_length=4, unique=True)
    name = models.CharField(_("meaning"), max_length=160)
    is_special_condition = models.BooleanField(
        _("special condition"),
        default=False,
        help_text=_("Raises the wage subsidy (01-U, 02-P, 06-E, 12-C; 04-O for the blind)."),
    )

    class Meta:
        verbose_name = _("cause-of-disability symbol")
        verbose_name_plural = _("cause-of-disability symbols")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Indication(models.Model):
    """An indication (wskazanie) that a certificate may carry, e.g. occupational therapy."""

    OCCUPATIONAL_THERAPY = "occupational_therapy"

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("indication"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position on the form"))

    class Meta:
        verbose_name = _("indication")
        verbose_name_plural = _("indications")
        ordering = ["position"]
        constraints = [
            bounded(
                "position",
                low=1,
                high=999,
                name="participants_indication_position_in_range",
                message=_("The position is between 1 and 999."),
            ),
        ]

    def __str__(self):
        return self.name


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.workshop_records_visible_to(self, user)

    def valid_on(self, on: datetime.date):
        return self.filter(Q(is_permanent=True) | Q(valid_until__gte=on), issued_on__lte=on)

    def governing_on(self, on: datetime.date):
        """DIS-05: the certificates that govern ``on`` — for each person and organiser the one
        issued last by then, if it is still valid. A newer decision supersedes the older one, and
        when it runs out the older does not come back: it is not a valid basis any more."""
        newer = DisabilityCertificate.objects.filter(
            person=OuterRef("person"),
            workshop__organiser=OuterRef("workshop__organiser"),
            issued_on__lte=on,
        ).filter(
            Q(issued_on__gt=OuterRef("issued_on"))
            | Q(issued_on=OuterRef("issued_on"), pk__gt=OuterRef("pk"))
        )
        return self.valid_on(on).exclude(Exists(newer))


class DisabilityCertificate(TimeStampedModel):
    """A disability certificate (orzeczenie) as held by one workshop: health data, seen only by
    that workshop's staff. When two overlap, the later-issued one governs (see ``governing``)."""

    person_path = "person"

    class Kind(models.TextChoices):
        UNDER_16 = "under16", _("disability certificate (under 16)")
        DEGREE = "degree", _("certificate of the degree of disability")
        ZUS_KRUS = "zus", _("ZUS or KRUS incapacity certificate")
        HISTORIC_GROUP = "group", _("invalidity group (historic)")

    class Degree(models.TextChoices):
        SIGNIFICANT = "significant", _("significant")
        MODERATE = "moderate", _("moderate")
        MILD = "mild", _("mild")

    SEVERE = (Degree.SIGNIFICANT, Degree.MODERATE)

    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="certificates", on_delete=models.CASCADE
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("held by"),
        related_name="certificates",
        on_delete=models.PROTECT,  # health records outlive a workshop's deletion attempt
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.DEGREE)
    degree = models.CharField(
        _("degree"),
        max_length=12,
        choices=Degree.choices,
        blank=True,
        help_text=_("Only certificates for people aged 16 or more state a degree."),
    )
    symbols = models.ManyToManyField(
        CauseSymbol, verbose_name=_("cause symbols"), related_name="certificates", blank=True
    )
    indications = models.ManyToManyField(
        Indication, verbose_name=_("indications"), related_name="certificates", blank=True
    )
    number = models.CharField(_("decision number"), max_length=64)
    issuing_board = models.CharField(_("issued by"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    disability_since = models.DateField(_("disabled since"), null=True, blank=True)
    degree_since = models.DateField(_("degree applies since"), null=True, blank=True)
    is_permanent = models.BooleanField(_("permanent"), default=False)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    scan = models.FileField(
        _("scan"),
        storage=private_storage,
        upload_to="certificates/%Y/",
        blank=True,
        help_text=_("Kept private: opened only through Ścieżka by the workshop's staff."),
    )

    objects = CertificateQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["scan"])

    class Meta:
        verbose_name = _("disability certificate")
        verbose_name_plural = _("disability certificates")
        ordering = ["person", "-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(is_permanent=True) & Q(valid_until__isnull=True))
                | (Q(is_permanent=False) & Q(valid_until__isnull=False)),
                name="participants_certificate_permanent_xor_until",
                violation_error_message=rules.DIS_03_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def clean(self):
        if self.person_id and self.workshop_id:
            rules.check_held_by(self.person, self.workshop.organiser_id)
        rules.check_certificate(self)

    def is_valid_on(self, on: datetime.date) -> bool:
        return self.issued_on <= on and (self.is_permanent or self.valid_until >= on)

    @property
    def has_degree_of_severe(self) -> bool:
        return self.degree in self.SEVERE


class ConsentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.workshop_records_visible_to(self, user)

    def active_on(self, on: datetime.date):
        return self.filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on), given_on__lte=on)


class Consent(TimeStampedModel):
    """A consent or declaration the workshop collected: what for, on which legal basis, who signed
    it and in what capacity, and when it was withdrawn."""

    person_path = "person"

    class Purpose(models.TextChoices):
        REFERRAL = "referral", _("sharing data with the cooperative (referral)")
        CONTACT = "contact", _("keeping contact details")
        PUBLICITY = "publicity", _("photos and stories in publicity")
        OTHER = "other", _("other")

    class LegalBasis(models.TextChoices):
        CONSENT = "6.1.a", _("GDPR art. 6(1)(a): consent")
        LEGAL_OBLIGATION = "6.1.c", _("GDPR art. 6(1)(c): legal obligation")
        EXPLICIT_CONSENT = "9.2.a", _("GDPR art. 9(2)(a): explicit consent (health data)")
        SOCIAL_PROTECTION = "9.2.b", _("GDPR art. 9(2)(b): social protection law")
        SOCIAL_CARE = "9.2.h", _("GDPR art. 9(2)(h): social care")

    class Signer(models.TextChoices):
        PERSON = "person", _("the person themself")
        REPRESENTATIVE = "representative", _("a representative")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="consents", on_delete=models.CASCADE
    )
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("collected by"), related_name="consents", on_delete=models.PROTECT
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=8, choices=LegalBasis.choices)
    description = models.CharField(_("what exactly"), max_length=255, blank=True)
    given_on = models.DateField(_("signed on"))
    signed_by = models.CharField(_("signed by"), max_length=16, choices=Signer.choices)
    representative = models.ForeignKey(
        Representative,
        verbose_name=_("representative who signed"),
        related_name="consents",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="participants_consent_withdrawn_after_given",
                violation_error_message=_("A consent cannot be withdrawn before it was given."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_purpose_display()} ({formats.day(self.given_on)})"

    def clean(self):
        if self.person_id and self.workshop_id:
            rules.check_held_by(self.person, self.workshop.organiser_id)
        if self.withdrawn_on and self.withdrawn_on > timezone.localdate():
            raise ValidationError(
                {"withdrawn_on": _("Record a withdrawal on the day it is made, not in advance.")}
            )
        if self.person_id and self.given_on:
            rules.check_signature(
                self.person,
                signed_by_person=self.signed_by == self.Signer.PERSON,
                representative=self.representative,
                on=self.given_on,
            )

    def is_active_on(self, on: datetime.date) -> bool:
        return self.given_on <= on and (self.withdrawn_on is None or self.withdrawn_on > on)

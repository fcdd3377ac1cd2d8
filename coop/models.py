from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import DateRangeModel, DateRangeQuerySet, TimeStampedModel
from coop import scoping

nip_validator = RegexValidator(r"^\d{10}$", _("A NIP has 10 digits, without dashes."))
regon_validator = RegexValidator(r"^(\d{9}|\d{14})$", _("A REGON has 9 or 14 digits."))
krs_validator = RegexValidator(r"^\d{10}$", _("A KRS number has 10 digits."))


class TerritoryQuerySet(models.QuerySet):
    def within(self, ancestors) -> "TerritoryQuerySet":
        """The given territories and every unit inside them.

        TERYT codes nest (a powiat's code starts with its voivodeship's, a gmina's with its
        powiat's), so a subtree is a prefix match on an indexed column: no recursive query.
        """
        return self.filter(subtree_q(ancestors))


def subtree_q(ancestors, *, field: str = "") -> Q:
    """A filter for rows whose territory (reached through ``field``) lies inside ``ancestors``.

    Evaluates ``ancestors`` once; an empty list matches nothing.
    """
    prefix = f"{field}__" if field else ""
    condition = Q(pk__in=[])
    for code in {territory.code for territory in ancestors}:
        condition |= Q(**{f"{prefix}code__startswith": code})
    return condition


class Territory(models.Model):
    """A unit of Poland's territorial division (TERYT): a voivodeship, a powiat or a gmina.

    A city with powiat rights is a single unit that is both a powiat and a gmina: it is stored once,
    at the powiat level, with ``is_city_with_powiat_rights`` set.
    """

    class Level(models.TextChoices):
        VOIVODESHIP = "voivodeship", _("voivodeship")
        POWIAT = "powiat", _("powiat")
        GMINA = "gmina", _("gmina")

    CODE_LENGTH = {Level.VOIVODESHIP: 2, Level.POWIAT: 4, Level.GMINA: 7}
    PARENT_LEVEL = {Level.POWIAT: Level.VOIVODESHIP, Level.GMINA: Level.POWIAT}

    code = models.CharField(
        _("TERYT code"),
        max_length=7,
        unique=True,
        validators=[RegexValidator(r"^\d+$", _("A TERYT code has only digits."))],
        help_text=_("2 digits for a voivodeship, 4 for a powiat, 7 for a gmina (with its type)."),
    )
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        related_name="children",
        on_delete=models.PROTECT,  # removing a region must not silently orphan its gminas
        null=True,
        blank=True,
    )
    is_city_with_powiat_rights = models.BooleanField(
        _("city with powiat rights"),
        default=False,
        help_text=_("A city that is both a powiat and a gmina."),
    )

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="voivodeship", parent__isnull=True)
                | (~Q(level="voivodeship") & Q(parent__isnull=False)),
                name="coop_territory_parent_matches_level",
                violation_error_message=_(
                    "A voivodeship has no parent; a powiat or a gmina must have one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_city_with_powiat_rights=False) | Q(level="powiat"),
                name="coop_territory_city_rights_only_for_powiat",
                violation_error_message=_("Only a powiat can be a city with powiat rights."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_level_display()})"

    def clean(self):
        errors = {}
        expected_length = self.CODE_LENGTH.get(self.level)
        if expected_length and self.code and len(self.code) != expected_length:
            errors["code"] = _("A %(level)s code has %(length)d digits.") % {
                "level": self.get_level_display(),
                "length": expected_length,
            }
        expected_parent = self.PARENT_LEVEL.get(self.level)
        if self.parent_id and expected_parent:
            if self.parent.level != expected_parent:
                errors["parent"] = _("A %(level)s lies in a %(parent)s.") % {
                    "level": self.get_level_display(),
                    "parent": self.Level(expected_parent).label,
                }
            elif self.code and not self.code.startswith(self.parent.code):
                errors["code"] = _("The code must start with the code of %(parent)s.") % {
                    "parent": self.parent.name
                }
        if errors:
            raise ValidationError(errors)


class Organisation(TimeStampedModel):
    """A legal person in the partnership: a local government unit, an NGO running a workshop, a
    company that orders work, an OWES, or the social cooperative itself."""

    class Kind(models.TextChoices):
        GMINA = "gmina", _("gmina (municipality)")
        POWIAT = "powiat", _("powiat (county)")
        VOIVODESHIP = "voivodeship", _("voivodeship (region)")
        NGO = "ngo", _("foundation or association")
        CHURCH = "church", _("church legal person")
        COMPANY = "company", _("company")
        COOPERATIVE = "cooperative", _("cooperative")
        OWES = "owes", _("social economy support centre (OWES)")
        OTHER = "other", _("other")

    LOCAL_GOVERNMENT = (Kind.GMINA, Kind.POWIAT, Kind.VOIVODESHIP)

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        related_name="organisations",
        on_delete=models.PROTECT,  # reports count money and people by territory
        help_text=_("For a local government unit, the territory it governs; otherwise its seat."),
    )
    nip = models.CharField(_("NIP"), max_length=10, blank=True, validators=[nip_validator])
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[regon_validator])
    krs = models.CharField(_("KRS number"), max_length=10, blank=True, validators=[krs_validator])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["nip"],
                condition=~Q(nip=""),
                name="coop_organisation_unique_nip",
                violation_error_message=_("An organisation with this NIP already exists."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_local_government(self) -> bool:
        return self.kind in self.LOCAL_GOVERNMENT


class CooperativeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.cooperatives_visible_to(self, user)


class Cooperative(TimeStampedModel):
    """A social cooperative (spółdzielnia socjalna) run with the workshops' organisers, where
    participants practise, train and are employed. Its legal identity is its organisation."""

    class FounderKind(models.TextChoices):
        LEGAL_PERSONS = "legal", _("legal persons")
        NATURAL_PERSONS = "natural", _("natural persons")

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        related_name="cooperative",
        on_delete=models.PROTECT,  # a cooperative's history outlives edits to the registry
    )
    founder_kind = models.CharField(
        _("founded by"),
        max_length=8,
        choices=FounderKind.choices,
        default=FounderKind.LEGAL_PERSONS,
    )
    registered_on = models.DateField(_("entered in the KRS on"), null=True, blank=True)

    objects = CooperativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("social cooperative")
        verbose_name_plural = _("social cooperatives")
        ordering = ["organisation__name"]

    def __str__(self):
        return self.organisation.name


class ManagerAssignmentQuerySet(DateRangeQuerySet):
    def visible_to(self, user):
        return scoping.manager_assignments_visible_to(self, user)


class ManagerAssignment(DateRangeModel):
    """Makes a user a manager of a cooperative for a period: they see its records and only them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="cooperative_assignments",
        on_delete=models.CASCADE,
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        related_name="manager_assignments",
        on_delete=models.CASCADE,
    )

    objects = ManagerAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperative manager")
        verbose_name_plural = _("cooperative managers")
        ordering = ["cooperative", "user"]
        constraints = [DateRangeModel.range_constraint("coop_managerassignment_dates_in_order")]

    def __str__(self):
        return f"{self.user} → {self.cooperative}"


class OfficerAssignmentQuerySet(DateRangeQuerySet):
    def visible_to(self, user):
        return scoping.officer_assignments_visible_to(self, user)


class OfficerAssignment(DateRangeModel):
    """Makes a user a municipal officer for a territory for a period: they read aggregate reports
    about that territory and everything inside it, and never a single person's record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="territory_assignments",
        on_delete=models.CASCADE,
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        related_name="officer_assignments",
        on_delete=models.PROTECT,
    )

    objects = OfficerAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipal officer")
        verbose_name_plural = _("municipal officers")
        ordering = ["territory", "user"]
        constraints = [DateRangeModel.range_constraint("coop_officerassignment_dates_in_order")]

    def __str__(self):
        return f"{self.user} → {self.territory}"

"""Who may see what on the way to work.

WTZ staff see the placements and jobs of the people who attend or attended their workshops,
including jobs with the cooperative (following a former participant into work is part of their
job), and the outside jobs their workshops recorded. Registering a person, or listing them on the
organiser's reserve list, shows none of this: those are not yet the workshop's participants. A
cooperative manager sees the placements their
cooperative organises or hosts, the jobs with their cooperative, and the candidates referred to
it — a referral's shared fields only, never a record of the workshop. Officers see none of it.
"""

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from organisations.scoping import managed_cooperative_ids
from participants.scoping import persons_visible_to
from wtz.scoping import workshop_ids_for_staff


def _staff_people(user):
    """Everyone the user's workshops hold: the people staff may name on a record."""
    person = apps.get_model("participants", "Person")
    return persons_visible_to(person.objects.all(), user).values("pk")


def _staff_participants(user):
    """The people who attend or attended the user's workshops: whose way to work staff follow."""
    enrolment = apps.get_model("participants", "Enrolment")
    return enrolment.objects.filter(workshop__in=workshop_ids_for_staff(user)).values("person")


def _scoped(queryset, user, condition):
    if user.is_superuser:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(condition(user))


def placements_visible_to(queryset, user, *, path: str = ""):
    cooperatives = managed_cooperative_ids
    return _scoped(
        queryset,
        user,
        lambda user: (
            Q(**{f"{path}person__in": _staff_participants(user)})
            | Q(**{f"{path}cooperative__in": cooperatives(user)})
            | Q(**{f"{path}host__cooperative__in": cooperatives(user)})
        ),
    )


def _employment_ids(user):
    """The ids of the jobs ``user`` sees, as one union: those of their workshops' participants,
    those their workshops recorded, those with their cooperatives. The database reads the few
    ids by index first; the same conditions joined by OR made it test every job (and, for
    follow-ups, join every person first)."""
    employment = apps.get_model("employment", "Employment").objects.order_by()
    return (
        employment.filter(person__in=_staff_participants(user))
        .values("pk")
        .union(
            employment.filter(recorded_by_workshop__in=workshop_ids_for_staff(user)).values("pk"),
            employment.filter(cooperative__in=managed_cooperative_ids(user)).values("pk"),
        )
    )


def employments_visible_to(queryset, user, *, path: str = ""):
    lookup = f"{path.removesuffix('__')}__in" if path else "pk__in"
    return _scoped(queryset, user, lambda user: Q(**{lookup: _employment_ids(user)}))


def employment_records_visible_to(queryset, user):
    """Facts, waivers and follow-ups: through their employment."""
    return employments_visible_to(queryset, user, path="employment__")


def candidates_visible_to(queryset, user):
    """Referrals in force to the user's cooperatives, under a consent still in force (its
    withdrawal ends the referral, and this holds even where a referral was not yet closed).
    Administrators see every referral."""
    if user.is_superuser:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    today = timezone.localdate()
    consents = apps.get_model("participants", "Consent").objects.active_on(today)
    return queryset.active_on(today).filter(
        cooperative__in=managed_cooperative_ids(user), consent__in=consents
    )


def persons_for(user):
    """The people ``user`` may name on a placement or a job: WTZ staff their workshops' people;
    a manager the candidates referred to their cooperative and its employees."""
    person = apps.get_model("participants", "Person")
    referral = apps.get_model("participants", "Referral")
    employment = apps.get_model("employment", "Employment")
    if user.is_superuser:
        return person.objects.all()
    referred = candidates_visible_to(referral.objects.all(), user)
    employed = employment.objects.filter(cooperative__in=managed_cooperative_ids(user))
    return person.objects.filter(
        Q(pk__in=_staff_people(user))
        | Q(pk__in=referred.values("person"))
        | Q(pk__in=employed.values("person"))
    )


def referrals_for(user):
    """The referrals ``user`` may name on a placement or a job: their workshops' (WTZ staff) or
    those in force to their cooperative (a manager)."""
    referral = apps.get_model("participants", "Referral")
    visible = referral.objects.visible_to(user).values("pk")
    candidates = candidates_visible_to(referral.objects.all(), user).values("pk")
    return referral.objects.filter(Q(pk__in=visible) | Q(pk__in=candidates))


def may_write(user, obj) -> bool:
    """WTZ staff write the workshop's records (a practice, a job with an outside employer the
    workshop recorded); a manager writes the cooperative's (its trainings and internships, its
    employees). Neither writes the other's, though both may read them."""
    if obj is None or user.is_superuser:
        return True
    placement = apps.get_model("employment", "Placement")
    enrolment = apps.get_model("participants", "Enrolment")
    workshop = apps.get_model("wtz", "Workshop")
    if isinstance(obj, placement) and obj.kind == placement.Kind.PRACTICE:
        return enrolment.objects.visible_to(user).filter(pk=obj.enrolment_id).exists()
    if obj.cooperative_id:
        return managed_cooperative_ids(user).filter(cooperative=obj.cooperative_id).exists()
    workshop_id = getattr(obj, "recorded_by_workshop_id", None)
    return workshop.objects.visible_to(user).filter(pk=workshop_id).exists()


def keeper_ids(user) -> tuple[set, set]:
    """``(cooperative ids, workshop ids)`` whose jobs ``user`` keeps: the cooperatives they manage
    and the workshops they work at (for the outside jobs those workshops recorded)."""
    return (
        set(managed_cooperative_ids(user).values_list("cooperative", flat=True)),
        set(workshop_ids_for_staff(user).values_list("workshop", flat=True)),
    )


def keeps_job(employment, keepers: tuple[set, set], user) -> bool:
    if user.is_superuser:
        return True
    cooperatives, workshops = keepers
    if employment.cooperative_id:
        return employment.cooperative_id in cooperatives
    return employment.recorded_by_workshop_id in workshops


def job_keeper_records_visible_to(queryset, user):
    """What the employer was shown about a disability, and art. 16 waivers: only the side that
    keeps the job — the cooperative's manager for its employees, the workshop's staff for an
    outside job they recorded. The workshop does not read the cooperative's employer records."""
    if user.is_superuser:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(
        Q(employment__cooperative__in=managed_cooperative_ids(user))
        | Q(
            employment__cooperative__isnull=True,
            employment__recorded_by_workshop__in=workshop_ids_for_staff(user),
        )
    )

"""Who may see what among participants' records.

WTZ staff see the people their workshops hold — registered there, enrolled there, or on the
reserve list of their workshops' organiser — and the records their workshops hold about them.
Registering a PESEL another workshop already knows shows nothing that workshop holds.
Cooperative managers and municipal officers see none of these rows (managers will see referred
candidates through the referral's shared fields only). Administrators see everything.
"""

from django.apps import apps
from django.db.models import Q

from wtz.scoping import workshop_ids_for_staff


def _organiser_ids_for_staff(user):
    return (
        apps.get_model("wtz", "Workshop")
        .objects.filter(pk__in=workshop_ids_for_staff(user))
        .values("organiser")
    )


def _scoped(queryset, user, condition):
    if user.is_superuser:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(condition(user))


def persons_visible_to(queryset, user):
    def condition(user):
        workshops = workshop_ids_for_staff(user)
        model = apps.get_model
        return (
            Q(
                pk__in=model("participants", "PersonRegistration")
                .objects.filter(workshop__in=workshops)
                .values("person")
            )
            | Q(
                pk__in=model("participants", "Enrolment")
                .objects.filter(workshop__in=workshops)
                .values("person")
            )
            | Q(
                pk__in=model("participants", "WaitingListEntry")
                .objects.filter(organiser__in=_organiser_ids_for_staff(user))
                .values("person")
            )
        )

    return _scoped(queryset, user, condition)


def workshop_records_visible_to(queryset, user):
    return _scoped(queryset, user, lambda user: Q(workshop__in=workshop_ids_for_staff(user)))


def enrolment_records_visible_to(queryset, user, *, path: str = "enrolment"):
    return _scoped(
        queryset, user, lambda user: Q(**{f"{path}__workshop__in": workshop_ids_for_staff(user)})
    )


def organiser_records_visible_to(queryset, user):
    return _scoped(queryset, user, lambda user: Q(organiser__in=_organiser_ids_for_staff(user)))


def contact_consented_person_ids(user, on) -> set[int]:
    """The people whose contact details ``user`` may see: those with a consent to keeping them
    that the user's own workshops collected. Another workshop's consent covers that workshop."""
    consents = (
        apps.get_model("participants", "Consent").objects.active_on(on).filter(purpose="contact")
    )
    return set(
        workshop_records_visible_to(consents, user).values_list("person", flat=True).distinct()
    )

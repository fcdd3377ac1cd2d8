"""Who may see what among participants' records.

WTZ staff see the people their workshops hold — registered there, enrolled there, or on the
reserve list of their workshops' organiser — and the records their workshops hold about them.
Registering a PESEL another workshop already knows shows nothing that workshop holds.
Cooperative managers and municipal officers see none of these rows (managers will see referred
candidates through the referral's shared fields only). Administrators see everything.
"""

from django.apps import apps
from django.db.models import BooleanField, ExpressionWrapper, Q, Value

from wtz.scoping import workshop_ids_for_staff, workshop_ids_managed_by


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


def _held_person_ids(user, *, reserve_list: bool):
    """The ids of the people ``user``'s workshops hold: registered or enrolled there and, with
    ``reserve_list``, on their organisers' reserve lists. One set of ids, a union: the database
    reads the few ids first, then their people. (The same conditions as IN subqueries joined by
    OR made it read every person in the list's order to test each: all of them in a national
    instance.)"""
    workshops = workshop_ids_for_staff(user)
    model = apps.get_model
    ways = [
        model("participants", "Enrolment").objects.filter(workshop__in=workshops),
    ]
    if reserve_list:
        ways.append(
            model("participants", "WaitingListEntry").objects.filter(
                organiser__in=_organiser_ids_for_staff(user)
            )
        )
    registered = model("participants", "PersonRegistration").objects.filter(workshop__in=workshops)
    return (
        registered.order_by()
        .values("person")
        .union(*(way.order_by().values("person") for way in ways))
    )


def persons_visible_to(queryset, user):
    return _scoped(queryset, user, lambda user: Q(pk__in=_held_person_ids(user, reserve_list=True)))


def workshop_records_visible_to(queryset, user, *, ids_first: bool = False):
    """``ids_first``: the user's few workshops read first, so that the database reads a large
    table's rows of those workshops by index, in a list's order (a subquery it cannot count
    ahead made it join and sort the whole table first)."""
    if ids_first:
        return _scoped(
            queryset,
            user,
            lambda user: Q(
                workshop__in=list(workshop_ids_for_staff(user).values_list("workshop", flat=True))
            ),
        )
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


def persons_held_by(queryset, user):
    """The people a workshop of ``user`` holds: registered there or admitted there. The organiser's
    reserve list shows a person to every workshop of the organiser; it makes them none of theirs."""
    return _scoped(
        queryset, user, lambda user: Q(pk__in=_held_person_ids(user, reserve_list=False))
    )


def may_see_representative_details(user, person) -> bool:
    """Whether ``user`` sees the contact details and the documents of ``person``'s representatives
    (``Representative.DETAIL_FIELDS``): administrators, and the staff of a workshop that holds the
    person. Anyone else who sees the person sees who represents them and in what role only."""
    person_model = apps.get_model("participants", "Person")
    return persons_held_by(person_model.objects.filter(pk=person.pk), user).exists()


def with_representative_details_shown(queryset, user):
    """Representatives annotated with ``details_shown``: what ``may_see_representative_details``
    answers for each one's person, in the same query."""
    if user.is_superuser:
        return queryset.annotate(details_shown=Value(True))
    if not user.is_authenticated:
        return queryset.annotate(details_shown=Value(False))
    held = _held_person_ids(user, reserve_list=False)
    return queryset.annotate(
        details_shown=ExpressionWrapper(Q(person__in=held), output_field=BooleanField())
    )


def may_hand_over_data(user, person) -> bool:
    """Who answers a person's request for everything held on them (GDPR art. 15): an
    administrator, or the manager of a workshop that has the person on its books — the
    controller's workshop head."""
    if user.is_superuser:
        return True
    if not user.is_authenticated:
        return False
    return (
        apps.get_model("participants", "PersonRegistration")
        .objects.filter(person=person, workshop__in=workshop_ids_managed_by(user))
        .exists()
    )


def may_anonymise(user) -> bool:
    """Anonymising cannot be undone and reaches every record of the person: administrators."""
    return user.is_superuser

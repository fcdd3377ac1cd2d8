"""A person's records across the system, as the hub on the path page lists them: how many of each
kind the user may see, each linked to its list narrowed to the person — only where the user may
open that list. One count per kind, whatever the number of rows."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from employment.models import Employment, FollowUp, Placement
from participants.models import (
    AttendanceDay,
    Consent,
    DisabilityCertificate,
    Enrolment,
    Evaluation,
    ProgrammeVersion,
    ProgressNote,
    WaitingListEntry,
)

KINDS = (
    WaitingListEntry,
    Enrolment,
    DisabilityCertificate,
    Consent,
    ProgrammeVersion,
    Evaluation,
    ProgressNote,
    AttendanceDay,
    Placement,
    Employment,
    FollowUp,
)


@dataclass(frozen=True)
class Records:
    label: str
    count: int
    url: str


def records_of(person, user) -> list[Records]:
    found = []
    for model in KINDS:
        meta = model._meta
        if not user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
            continue
        path = model.person_path
        count = model.objects.visible_to(user).filter(**{path: person}).count()
        if not count:
            continue
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        except NoReverseMatch:
            continue  # a kind with no list of its own
        found.append(
            Records(str(meta.verbose_name_plural), count, f"{url}?{path}__id__exact={person.pk}")
        )
    return found

"""The situations of a person that the law counts, and which act counts which.

A person's statuses are recorded once (``coop.models.SocialStatus``: dated, with evidence); each
rule asks whether a person counts under its own act on its own day:

- the Social Cooperatives Act (art. 4 ust. 1) for founders, members and the workforce (SC-02,
  SC-03, SC-05, SC-06);
- the Social Economy Act's persons at risk of social exclusion (UES art. 2 pkt 6) for a social
  enterprise (PS-02, PS-03);
- the procurement law's groups of a reserved contract (Pzp art. 94 ust. 1) for JST-01.

The lists differ: a job-seeking carer counts for the cooperative but not for a reserved contract;
a graduate of a social integration centre counts for a social enterprise only; a member of a
disadvantaged minority for a reserved contract only (DOMAIN.md §4.3, §4.8, §7).

A disability the employer has on record (``employment.DisabilityFacts``) counts as the status of a
disabled person on the days it is in force, so the cooperative never records it twice.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from employment.rules import facts_in_force


class Status(models.TextChoices):
    DISABLED = "disabled", _("a disabled person")
    UNEMPLOYED = "unemployed", _("registered as unemployed")
    JOB_SEEKER_AGE = "job_seeker_age", _("a job seeker without work, under 30 or over 50")
    CARER = "carer", _("a job-seeking carer of a disabled person, not employed")
    FOSTER_CARE = "foster_care", _("leaving foster care")
    MENTAL_DISORDER = "mental_disorder", _("a person with mental disorders")
    HOMELESS = "homeless", _("a homeless person")
    ADDICTION = "addiction", _("after addiction therapy")
    EX_PRISONER = "ex_prisoner", _("released from prison, with difficulty integrating")
    REFUGEE = "refugee", _("a refugee or under subsidiary protection")
    SOCIAL_EMPLOYMENT = (
        "social_employment",
        _("another person covered by the social employment act"),
    )
    SOCIAL_ASSISTANCE = "social_assistance", _("entitled to social assistance")
    CIS_GRADUATE = "cis_graduate", _("a graduate of a social integration centre or club")
    OLDER = "older", _("an older person")
    MINORITY = "minority", _("a member of a disadvantaged minority")
    AT_RISK = "at_risk", _("another person at risk of social exclusion (UES)")


@dataclass(frozen=True)
class Act:
    """One act's list of the people it counts."""

    name: str
    source: str
    counts: frozenset

    def __str__(self):
        return str(self.name)


# The persons of the social employment act (art. 1 ust. 2) are among the cooperative's groups
# through art. 4 ust. 1 pkt 2 and among the UES's persons at risk through art. 2 pkt 6.
_SOCIAL_EMPLOYMENT_ACT = {
    Status.HOMELESS,
    Status.ADDICTION,
    Status.MENTAL_DISORDER,
    Status.EX_PRISONER,
    Status.REFUGEE,
    Status.SOCIAL_EMPLOYMENT,
}
SOCIAL_COOPERATIVES_ACT = Act(
    _("the Social Cooperatives Act"),
    "ustawa o spółdzielniach socjalnych, art. 4 ust. 1",
    frozenset(
        {
            Status.DISABLED,
            Status.UNEMPLOYED,
            Status.JOB_SEEKER_AGE,
            Status.CARER,
            Status.FOSTER_CARE,
            *_SOCIAL_EMPLOYMENT_ACT,
        }
    ),
)
SOCIAL_ECONOMY_ACT = Act(
    _("the Social Economy Act"),
    "ustawa o ekonomii społecznej, art. 2 pkt 6",
    frozenset(
        {
            Status.DISABLED,
            Status.UNEMPLOYED,
            Status.FOSTER_CARE,
            Status.SOCIAL_ASSISTANCE,
            Status.CIS_GRADUATE,
            Status.OLDER,
            Status.AT_RISK,
            *_SOCIAL_EMPLOYMENT_ACT,
        }
    ),
)
PROCUREMENT_ACT = Act(
    _("the Public Procurement Law"),
    "Pzp art. 94 ust. 1",
    frozenset(
        {
            Status.DISABLED,
            Status.UNEMPLOYED,
            Status.JOB_SEEKER_AGE,
            Status.FOSTER_CARE,
            Status.MENTAL_DISORDER,
            Status.HOMELESS,
            Status.EX_PRISONER,
            Status.REFUGEE,
            Status.MINORITY,
        }
    ),
)
ACTS = (SOCIAL_COOPERATIVES_ACT, SOCIAL_ECONOMY_ACT, PROCUREMENT_ACT)


class StatusBook:
    """The statuses of a cooperative's people, read once: which of them a person holds on a day,
    and whether an act counts the person then."""

    def __init__(self, statuses=(), facts_by_person=None):
        self.statuses = defaultdict(list)
        for status in statuses:
            self.statuses[status.person_id].append(status)
        self.facts_by_person = facts_by_person or {}

    @classmethod
    def read(cls, cooperative) -> "StatusBook":
        """Two queries: the statuses the cooperative keeps, and the disability facts it holds as
        the employer."""
        social_status = apps.get_model("coop", "SocialStatus")
        disability_facts = apps.get_model("employment", "DisabilityFacts")
        facts = defaultdict(lambda: defaultdict(list))
        for record in disability_facts.objects.filter(
            employment__cooperative=cooperative
        ).select_related("employment"):
            facts[record.employment.person_id][record.employment_id].append(record)
        return cls(
            social_status.objects.filter(cooperative=cooperative),
            {person: list(by_job.values()) for person, by_job in facts.items()},
        )

    def held_on(self, person_id, on: datetime.date) -> set:
        held = {s.kind for s in self.statuses.get(person_id, ()) if s.is_active_on(on)}
        if any(
            facts_in_force(records, on) is not None
            for records in self.facts_by_person.get(person_id, ())
        ):
            held.add(Status.DISABLED)
        return held

    def counted(self, act: Act, person_id, on: datetime.date) -> bool:
        return bool(act.counts & self.held_on(person_id, on))

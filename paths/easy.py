""" "Moja ścieżka" — the person's way in easy words (the easy-to-read rules: short sentences, one
idea a line, no jargon, the person addressed by first name). Built from the path's stages and
dates only: no diagnosis, certificate or evaluation is ever on it."""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from employment.models import FollowUp
from participants.models import ProgrammeVersion
from paths.services import PersonPath, Stage

NAMES = {
    Stage.CANDIDATE: lambda: _("Application to the workshop"),
    Stage.WAITING: lambda: _("Waiting for a place"),
    Stage.THERAPY: lambda: _("The workshop"),
    Stage.READY: lambda: _("Ready to work"),
    Stage.PRACTICE: lambda: _("Practice at a workplace"),
    Stage.TRAINING: lambda: _("Learning a job"),
    Stage.INTERNSHIP: lambda: _("Internship"),
    Stage.EMPLOYED: lambda: _("Paid work"),
    Stage.RETAINED: lambda: _("Work for longer"),
}
NOW = {
    None: lambda: [_("Ask us about your next step.")],
    Stage.CANDIDATE: lambda: [_("You are waiting for an answer to your application.")],
    Stage.WAITING: lambda: [_("You are waiting for a place in the workshop.")],
    Stage.THERAPY: lambda: [_("You go to the workshop."), _("You learn new things there.")],
    Stage.READY: lambda: [_("You can work now."), _("We are looking for work for you.")],
    Stage.PRACTICE: lambda: [_("You learn a job at a real workplace.")],
    Stage.TRAINING: lambda: [_("You learn a job with a trainer.")],
    Stage.INTERNSHIP: lambda: [_("You are on an internship."), _("You get money for it.")],
    Stage.EMPLOYED: lambda: [_("You have a paid job."), _("You get a wage every month.")],
    Stage.RETAINED: lambda: [_("You have worked there for a long time."), _("Well done!")],
}
NEXT = {
    None: lambda: [_("Together we will plan what comes next.")],
    Stage.CANDIDATE: lambda: [_("We will tell you when you can come.")],
    Stage.WAITING: lambda: [_("We will tell you when a place is free.")],
    Stage.THERAPY: lambda: [
        _("You practise what your plan says."),
        _("Together we will see if you want to work."),
    ],
    Stage.READY: lambda: [_("We will find a practice or an internship for you.")],
    Stage.PRACTICE: lambda: [_("After the practice we will talk about work.")],
    Stage.TRAINING: lambda: [_("After the training we will talk about work.")],
    Stage.INTERNSHIP: lambda: [_("After the internship we will talk about work.")],
    Stage.EMPLOYED: lambda: [_("If something is hard at work, tell us.")],
    Stage.RETAINED: lambda: [_("If something is hard at work, tell us.")],
}


@dataclass
class EasyStep:
    stage: Stage
    name: str
    when: str
    is_now: bool


@dataclass
class EasyPage:
    greeting: str
    stage: Stage | None
    now: list[str]
    steps: list[EasyStep]
    next: list[str]
    ask: list[str] = field(default_factory=list)


def _when(starts_on: datetime.date, ends_on: datetime.date | None, today: datetime.date) -> str:
    since = date_format(starts_on, "E Y")
    if ends_on is None or ends_on >= today:
        return _("Since %(since)s.") % {"since": since}
    return _("From %(since)s to %(until)s.") % {
        "since": since,
        "until": date_format(ends_on, "E Y"),
    }


def page_for(person, path: PersonPath, user, today: datetime.date) -> EasyPage:
    stage = path.headline_on(today)
    steps = [
        EasyStep(
            step.stage,
            NAMES[step.stage](),
            _when(step.starts_on, step.ends_on, today),
            step.covers(today),
        )
        for step in path.steps
        if step.starts_on <= today
    ]
    next_lines = NEXT[stage]()
    if stage in (Stage.EMPLOYED, Stage.RETAINED):
        meeting = (
            FollowUp.objects.visible_to(user)
            .filter(employment__person=person, held_on__isnull=True, due_on__gte=today)
            .order_by("due_on")
            .first()
        )
        if meeting:
            next_lines = [
                _("We will meet to talk about your work on %(date)s.")
                % {"date": date_format(meeting.due_on, "j E")},
                *next_lines,
            ]
    version = (
        ProgrammeVersion.objects.visible_to(user)
        .filter(programme__enrolment__person=person, valid_from__lte=today)
        .order_by("-valid_from")
        .prefetch_related("responsible_staff__user")
        .first()
    )
    ask = []
    if version is not None:
        ask = [
            member.user.get_full_name() or member.user.get_username()
            for member in version.responsible_staff.all()
        ]
    return EasyPage(
        greeting=_("Hello, %(name)s!") % {"name": person.first_name},
        stage=stage,
        now=NOW[stage](),
        steps=steps,
        next=next_lines,
        ask=ask,
    )

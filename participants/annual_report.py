"""The workshop's annual report to the powiat (WTZ Reg. § 21, due 1 March; WTZ-18): every figure
of DOMAIN.md §2.14 the records hold, for one workshop and one year, with the finances only the
workshop knows (``wtz.AnnualFinance``, WTZ-19) and the INFWTZ statistical figures beside them.

A fixed number of queries whatever the workshop's size."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from participants.models import (
    AllowancePayment,
    AttendanceDay,
    DisabilityCertificate,
    Enrolment,
    Evaluation,
    GoalRating,
    ProgrammeGoal,
    ProgressNote,
    RoomAssignment,
)
from wtz.models import AnnualFinance, StaffAssignment, Workshop

ATTENDED = (AttendanceDay.Code.PRESENT, AttendanceDay.Code.PRACTICE, AttendanceDay.Code.REMOTE)
ABSENT = (AttendanceDay.Code.EXCUSED, AttendanceDay.Code.UNEXCUSED)
PROGRESS_FROM = ProgressNote.Rating.SOME  # "some progress" or better counts as progress
NO_SYMBOL = "—"


def _rate(part, whole, places="0.1") -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(places), ROUND_HALF_UP)


@dataclass
class MonthAttendance:
    month: datetime.date
    attended: int
    absent: int
    open_days: int  # days the register was kept and the workshop open

    @property
    def rate(self) -> Decimal | None:
        return _rate(self.attended, self.attended + self.absent)

    @property
    def daily_average(self) -> Decimal | None:
        if not self.open_days:
            return None
        return (Decimal(self.attended) / self.open_days).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class DomainProgress:
    label: str
    evaluated: int
    progressed: int


@dataclass
class Decision:
    person: object
    held_on: datetime.date
    kind: str
    outcome: str
    decision: str


@dataclass
class AnnualReport:
    workshop: Workshop
    year: int
    at_start: int
    at_end: int
    admitted: int
    served: int
    degrees: list[str]
    by_disability: list[tuple[str, list[int], int]]  # symbol, a count per degree, total
    degree_totals: list[int]
    attendance: list[MonthAttendance]
    rooms: list[tuple[str, int]]
    exits: list[tuple[str, int]]
    left: int
    left_for_work: int
    progress: list[DomainProgress]
    decisions: list[Decision]
    outcomes: list[tuple[str, int]]
    allowance_total: Decimal
    allowance_monthly: Decimal | None
    staff: int
    finance: AnnualFinance | None
    warnings: list[str] = field(default_factory=list)

    @property
    def participants_per_staff(self) -> Decimal | None:
        if not self.staff:
            return None
        return (Decimal(self.at_end) / self.staff).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def people(self) -> set[int]:
        return {decision.person.pk for decision in self.decisions}


def annual_report(workshop: Workshop, year: int) -> AnnualReport:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    stays = list(
        Enrolment.objects.filter(workshop=workshop, admitted_on__lte=last)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=first))
        .order_by("pk")
    )
    people = {stay.person_id for stay in stays}
    on = {stay.person_id: min(stay.exited_on or last, last) for stay in stays}
    exits = [stay for stay in stays if stay.exited_on and stay.exited_on <= last]
    reasons = Counter(stay.exit_reason for stay in exits)
    degrees, by_disability, degree_totals = _by_disability(workshop, people, on)
    finance = AnnualFinance.objects.filter(workshop=workshop, year=year).first()
    allowance = AllowancePayment.objects.filter(
        enrolment__workshop=workshop, month__range=(first, last)
    ).aggregate(total=Sum("amount"), months=Count("pk"))
    total = allowance["total"] or Decimal(0)
    decisions, outcomes = _decisions(workshop, first, last)
    return AnnualReport(
        workshop=workshop,
        year=year,
        at_start=len({s.person_id for s in stays if s.admitted_on <= first}),
        at_end=len({s.person_id for s in stays if not s.exited_on or s.exited_on >= last}),
        admitted=sum(1 for stay in stays if stay.admitted_on >= first),
        served=len(people),
        degrees=degrees,
        by_disability=by_disability,
        degree_totals=degree_totals,
        attendance=_attendance(workshop, first, last),
        rooms=_rooms(workshop, first, last),
        exits=[
            (str(label), reasons[value])
            for value, label in Enrolment.ExitReason.choices
            if reasons[value]
        ],
        left=len(exits),
        left_for_work=sum(reasons[reason] for reason in Enrolment.WORK_REASONS),
        progress=_progress(workshop, first, last),
        decisions=decisions,
        outcomes=outcomes,
        allowance_total=total,
        allowance_monthly=(
            (total / allowance["months"]).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if allowance["months"]
            else None
        ),
        staff=StaffAssignment.objects.filter(workshop=workshop)
        .active_on(last)
        .values("user")
        .distinct()
        .count(),
        finance=finance,
        warnings=finance.warnings() if finance else [],
    )


def _by_disability(workshop, people: set[int], on: dict) -> tuple:
    """Each participant of the year once, by the degree and the cause symbols of the workshop's
    certificate in force on their last day in the year (the latest issued before it when none
    is); a person with two symbols counts under each, so the symbols' rows may add up to more
    than the people."""
    certificates = defaultdict(list)
    for certificate in (
        DisabilityCertificate.objects.filter(workshop=workshop, person__in=people)
        .prefetch_related("symbols")
        .order_by("issued_on", "pk")
    ):
        certificates[certificate.person_id].append(certificate)
    degrees = list(DisabilityCertificate.Degree.values)
    labels = [str(label) for label in DisabilityCertificate.Degree.labels] + [_("no degree")]
    rows: dict = defaultdict(lambda: [0] * len(labels))
    totals = [0] * len(labels)
    for person in people:
        issued = [c for c in certificates[person] if c.issued_on <= on[person]]
        in_force = [c for c in issued if c.valid_until is None or c.valid_until >= on[person]]
        certificate = (in_force or issued or [None])[-1]
        column = (
            degrees.index(certificate.degree)
            if certificate and certificate.degree in degrees
            else len(degrees)
        )
        totals[column] += 1
        symbols = [symbol.code for symbol in certificate.symbols.all()] if certificate else []
        for symbol in symbols or [NO_SYMBOL]:
            rows[symbol][column] += 1
    ordered = sorted(rows, key=lambda code: (code == NO_SYMBOL, code))
    return labels, [(code, rows[code], sum(rows[code])) for code in ordered], totals


def _attendance(workshop, first, last) -> list[MonthAttendance]:
    """Each month's register: days attended (present, at practice, remote), days absent
    (excused or not), and the days the workshop was open with its register kept."""
    counts = defaultdict(Counter)
    open_days = defaultdict(set)
    for day, code, n in (
        AttendanceDay.objects.filter(enrolment__workshop=workshop, day__range=(first, last))
        .values("day", "code")
        .annotate(n=Count("pk"))
        .values_list("day", "code", "n")
    ):
        month = day.replace(day=1)
        counts[month][code] += n
        if code != AttendanceDay.Code.CLOSED:
            open_days[month].add(day)
    months = [datetime.date(first.year, number, 1) for number in range(1, 13)]
    return [
        MonthAttendance(
            month,
            sum(counts[month][code] for code in ATTENDED),
            sum(counts[month][code] for code in ABSENT),
            len(open_days[month]),
        )
        for month in months
    ]


def _rooms(workshop, first, last) -> list[tuple[str, int]]:
    """The rooms (pracownie) — the forms of rehabilitation the workshop runs — and how many
    participants attended each in the year."""
    return list(
        RoomAssignment.objects.filter(room__workshop=workshop, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .values_list("room__name")
        .annotate(people=Count("enrolment__person", distinct=True))
        .order_by("room__name")
    )


def _progress(workshop, first, last) -> list[DomainProgress]:
    """Per domain of the IPR: participants whose goals of that domain were rated at an
    evaluation held in the year, and how many of them progressed (a goal rated "some progress"
    or better)."""
    evaluated, progressed = defaultdict(set), defaultdict(set)
    for domain, person, rating in GoalRating.objects.filter(
        evaluation__enrolment__workshop=workshop, evaluation__held_on__range=(first, last)
    ).values_list("goal__domain", "evaluation__enrolment__person", "rating"):
        evaluated[domain].add(person)
        if rating >= PROGRESS_FROM:
            progressed[domain].add(person)
    return [
        DomainProgress(str(label), len(evaluated[value]), len(progressed[value]))
        for value, label in ProgrammeGoal.Domain.choices
    ]


def _decisions(workshop, first, last) -> tuple[list[Decision], list[tuple[str, int]]]:
    """The programme council's decisions on participants whose programme was evaluated in the
    year (§ 21 ust. 2 pkt 3), and the comprehensive evaluations' outcomes counted."""
    evaluations = list(
        Evaluation.objects.filter(enrolment__workshop=workshop, held_on__range=(first, last))
        .select_related("enrolment__person")
        .order_by("enrolment__person__last_name", "enrolment__person__first_name", "held_on")
    )
    decisions = [
        Decision(
            evaluation.enrolment.person,
            evaluation.held_on,
            evaluation.get_kind_display(),
            evaluation.get_outcome_display() if evaluation.outcome else "—",
            evaluation.council_decision or evaluation.summary,
        )
        for evaluation in evaluations
    ]
    outcomes = Counter(evaluation.outcome for evaluation in evaluations if evaluation.outcome)
    return decisions, [(str(label), outcomes[value]) for value, label in Evaluation.Outcome.choices]


def sheets(report: AnnualReport) -> list[tuple[str, list[list]]]:
    """The report as an XLSX to send: a sheet per part of § 21, and the INFWTZ figures."""
    title = [report.workshop.name, str(report.year)]
    participants = [
        [_("Participants"), *title],
        [_("on 1 January"), report.at_start],
        [_("on 31 December"), report.at_end],
        [_("admitted in the year"), report.admitted],
        [_("attended in the year"), report.served],
        [_("left in the year"), report.left],
        [],
        [_("Cause symbol"), *report.degrees, _("all")],
        *[[code, *counts, total] for code, counts, total in report.by_disability],
        [_("all participants"), *report.degree_totals, report.served],
    ]
    attendance = [
        [_("Month"), _("days attended"), _("days absent"), _("attendance (%)"), _("open days"),
         _("average attending a day")],
        *[
            [
                f"{row.month:%Y-%m}",
                row.attended,
                row.absent,
                _number(row.rate),
                row.open_days,
                _number(row.daily_average),
            ]
            for row in report.attendance
        ],
    ]  # fmt: skip
    rehabilitation = [
        [_("Room (form of rehabilitation)"), _("participants")],
        *[[name, people] for name, people in report.rooms],
        [],
        [_("Domain"), _("evaluated"), _("progressed")],
        *[[row.label, row.evaluated, row.progressed] for row in report.progress],
    ]
    exits = [
        [_("Reason for leaving"), _("participants")],
        *[[label, count] for label, count in report.exits],
        [_("all"), report.left],
    ]
    decisions = [
        [_("Participant"), _("held on"), _("evaluation"), _("outcome"), _("council's decision")],
        *[
            [str(d.person), d.held_on.isoformat(), d.kind, d.outcome, d.decision]
            for d in report.decisions
        ],
        [],
        *[[label, count] for label, count in report.outcomes],
    ]
    return [
        (_("Participants"), participants),
        (_("Attendance"), attendance),
        (_("Rehabilitation"), rehabilitation),
        (_("Exits"), exits),
        (_("Council decisions"), decisions),
        (_("Finances and INFWTZ"), finance_rows(report)),
    ]


def finance_rows(report: AnnualReport) -> list[list]:
    finance = report.finance
    rows = [[_("Finances and INFWTZ"), report.workshop.name, str(report.year)]]
    if finance is None:
        rows.append([_("The workshop's finances for the year are not recorded yet.")])
    else:
        for name in AnnualFinance.AMOUNT_FIELDS:
            label = AnnualFinance._meta.get_field(name).verbose_name
            rows.append([str(label), float(getattr(finance, name))])
        rows.append([_("all costs (zł)"), float(finance.costs)])
        rows += [[warning] for warning in report.warnings]
    rows += [
        [],
        [_("INFWTZ"), "", ""],
        [_("participants on 31 December"), report.at_end],
        [_("participants who left"), report.left],
        [_("of them to take up work"), report.left_for_work],
        [_("economic training paid (zł)"), float(report.allowance_total)],
        [_("average monthly economic training (zł)"), _number(report.allowance_monthly)],
        [_("staff on 31 December"), report.staff],
        [_("participants per staff member"), _number(report.participants_per_staff)],
    ]
    return rows


def _number(value):
    return None if value is None else float(value)

"""Participants' models, split by sub-domain: identity and documents, the way into and out of a
workshop, readiness and referral, and the access log."""

from participants.models.access import AccessLog, Anonymisation
from participants.models.admission import (
    Enrolment,
    RoomAssignment,
    Vacancy,
    WaitingListEntry,
)
from participants.models.people import (
    CauseSymbol,
    Consent,
    DisabilityCertificate,
    Indication,
    Person,
    PersonRegistration,
    Representative,
)
from participants.models.therapy import (
    AllowancePayment,
    AttendanceDay,
    Evaluation,
    GoalRating,
    ProgrammeGoal,
    ProgrammeVersion,
    ProgressNote,
    RehabProgramme,
)
from participants.models.work import Readiness, Referral

__all__ = [
    "AccessLog",
    "AllowancePayment",
    "Anonymisation",
    "AttendanceDay",
    "CauseSymbol",
    "Consent",
    "DisabilityCertificate",
    "Enrolment",
    "Evaluation",
    "GoalRating",
    "Indication",
    "Person",
    "PersonRegistration",
    "ProgrammeGoal",
    "ProgrammeVersion",
    "ProgressNote",
    "Readiness",
    "Referral",
    "RehabProgramme",
    "Representative",
    "RoomAssignment",
    "Vacancy",
    "WaitingListEntry",
]

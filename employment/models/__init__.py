from employment.models.jobs import DisabilityFacts, Employment, FollowUp, HoursWaiver
from employment.models.members import PersonMembership
from employment.models.orders import OrderAssignment
from employment.models.placements import Candidate, Placement
from employment.models.support import GrantAgreement, GrantedJob, ReintegrationPlan

__all__ = [
    "Candidate",
    "DisabilityFacts",
    "Employment",
    "FollowUp",
    "GrantAgreement",
    "GrantedJob",
    "HoursWaiver",
    "OrderAssignment",
    "PersonMembership",
    "Placement",
    "ReintegrationPlan",
]

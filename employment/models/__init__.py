from employment.models.jobs import DisabilityFacts, Employment, FollowUp, HoursWaiver
from employment.models.members import PersonMembership
from employment.models.orders import OrderAssignment
from employment.models.placements import Candidate, Placement

__all__ = [
    "Candidate",
    "DisabilityFacts",
    "Employment",
    "FollowUp",
    "HoursWaiver",
    "OrderAssignment",
    "PersonMembership",
    "Placement",
]

from employment.models.jobs import DisabilityFacts, Employment, FollowUp, HoursWaiver
from employment.models.placements import Candidate, Placement

__all__ = [
    "Candidate",
    "DisabilityFacts",
    "Employment",
    "FollowUp",
    "HoursWaiver",
    "Placement",
]

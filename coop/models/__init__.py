from coop.models.members import MembershipOffer, OrganisationMembership, PersonMembership
from coop.models.orders import Order, OrderAssignment
from coop.models.statuses import SocialStatus
from coop.models.support import GrantAgreement, GrantedJob, ReintegrationPlan
from coop.models.surplus import SurplusAllocation

__all__ = [
    "GrantAgreement",
    "GrantedJob",
    "MembershipOffer",
    "Order",
    "OrderAssignment",
    "OrganisationMembership",
    "PersonMembership",
    "ReintegrationPlan",
    "SocialStatus",
    "SurplusAllocation",
]

"""The one API router: every app's viewsets are registered here, under /api/v1/."""

from rest_framework.routers import DefaultRouter

from coop.api import views as coop
from employment.api import views as employment
from participants.api import views as participants
from wtz.api.views import RoomViewSet, WorkshopViewSet

router = DefaultRouter()
router.register("workshops", WorkshopViewSet, basename="workshop")
router.register("rooms", RoomViewSet, basename="room")
router.register("persons", participants.PersonViewSet, basename="person")
router.register("representatives", participants.RepresentativeViewSet, basename="representative")
router.register("consents", participants.ConsentViewSet, basename="consent")
router.register("certificates", participants.CertificateViewSet, basename="certificate")
router.register("reserve-list", participants.WaitingListEntryViewSet, basename="reserve-list")
router.register("enrolments", participants.EnrolmentViewSet, basename="enrolment")
router.register("vacancies", participants.VacancyViewSet, basename="vacancy")
router.register("readiness", participants.ReadinessViewSet, basename="readiness")
router.register("referrals", participants.ReferralViewSet, basename="referral")
router.register("programmes", participants.ProgrammeVersionViewSet, basename="programme")
router.register("evaluations", participants.EvaluationViewSet, basename="evaluation")
router.register("progress-notes", participants.ProgressNoteViewSet, basename="progress-note")
router.register("attendance", participants.AttendanceDayViewSet, basename="attendance")
router.register("placements", employment.PlacementViewSet, basename="placement")
router.register("employments", employment.EmploymentViewSet, basename="employment")
router.register("disability-facts", employment.DisabilityFactsViewSet, basename="disability-facts")
router.register("waivers", employment.HoursWaiverViewSet, basename="waiver")
router.register("follow-ups", employment.FollowUpViewSet, basename="follow-up")
router.register("candidates", employment.CandidateViewSet, basename="candidate")
router.register("orders", coop.OrderViewSet, basename="order")
router.register("order-assignments", coop.OrderAssignmentViewSet, basename="order-assignment")
router.register("members", coop.PersonMembershipViewSet, basename="member")
router.register("social-statuses", coop.SocialStatusViewSet, basename="social-status")
router.register(
    "member-organisations", coop.OrganisationMembershipViewSet, basename="member-organisation"
)
router.register("surplus-allocations", coop.SurplusAllocationViewSet, basename="surplus")
router.register("grants", coop.GrantAgreementViewSet, basename="grant")
router.register("granted-jobs", coop.GrantedJobViewSet, basename="granted-job")
router.register("reintegration-plans", coop.ReintegrationPlanViewSet, basename="reintegration-plan")

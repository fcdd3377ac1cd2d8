"""Every URL pattern × every role → the expected status, enumerated from the resolver so that a new
page cannot be forgotten: a pattern without an expectation below fails the test.

Every answer also carries the security headers (the Content-Security-Policy and the others).

Objects in URLs are the ones the demo ``staff`` user may work with (their workshop, its room, their
own assignment, the demo cooperative …). Another scope's objects answering 404 is proven per app.
"""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as AxesAccessLog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from accounts.models import ApiToken, Authenticator
from coop.models import (
    GrantAgreement,
    GrantedJob,
    MembershipOffer,
    Order,
    OrderAssignment,
    OrganisationMembership,
    PersonMembership,
    ReintegrationPlan,
    SocialStatus,
    SurplusAllocation,
)
from employment.models import DisabilityFacts, Employment, FollowUp, HoursWaiver, Placement
from organisations.models import LocalBudget, PolicyParameter
from participants.access import log_reads
from participants.models import AccessLog, AllowancePayment, AttendanceDay
from reports.models import PublicReport
from tests.conftest import ROLES
from tests.factories.coop import OrganisationFactory
from wtz.models import AnnualFinance

# Statuses in the order of ROLES: anonymous, staff, manager, officer, admin.
LOGIN_FIRST = 302  # anonymous visitors are sent to the login page
ADMIN_PAGE = (LOGIN_FIRST, 200, 200, 403, 200)  # every admin role; officers have no admin
SUPERUSER_ONLY = (LOGIN_FIRST, 403, 403, 403, 200)
SUPERUSER_ONLY_OBJECT = (LOGIN_FIRST, 403, 403, 403, 200)  # unscoped model: found, then refused
ADMIN_REDIRECT = (LOGIN_FIRST, 302, 302, 403, 302)  # <id>/ → <id>/change/
API_STAFF = (401, 200, 403, 403, 200)
API_POST_ONLY = (401, 405, 403, 403, 405)
API_BOTH = (401, 200, 200, 403, 200)  # WTZ staff and the cooperative's manager
KEEPER_ONLY = (401, 404, 200, 403, 200)  # a record of the cooperative's job: its manager


def admin_model(prefix, *, changelist, add, change, history, delete):
    return {
        f"admin/{prefix}/": changelist,
        f"admin/{prefix}/add/": add,
        f"admin/{prefix}/<path:object_id>/change/": change,
        f"admin/{prefix}/<path:object_id>/history/": history,
        f"admin/{prefix}/<path:object_id>/delete/": delete,
        f"admin/{prefix}/<path:object_id>/": ADMIN_REDIRECT,
    }


def superuser_only_model(prefix):
    return admin_model(
        prefix,
        changelist=SUPERUSER_ONLY,
        add=SUPERUSER_ONLY,
        change=SUPERUSER_ONLY_OBJECT,
        history=SUPERUSER_ONLY_OBJECT,
        delete=SUPERUSER_ONLY_OBJECT,
    )


def wtz_model(prefix, *, add):
    # Staff read their workshop's rows; a cooperative manager finds none of them (404).
    return admin_model(
        prefix,
        changelist=(LOGIN_FIRST, 200, 403, 403, 200),
        add=(LOGIN_FIRST, add, 403, 403, 200),
        change=(LOGIN_FIRST, 200, 404, 403, 200),
        history=(LOGIN_FIRST, 200, 404, 403, 200),
        delete=(LOGIN_FIRST, 403, 404, 403, 200),
    )


def cooperative_model(prefix):
    # The manager reads and edits their cooperative's rows; WTZ staff find none of them (404).
    return admin_model(
        prefix,
        changelist=(LOGIN_FIRST, 403, 200, 403, 200),
        add=SUPERUSER_ONLY,
        change=(LOGIN_FIRST, 404, 200, 403, 200),
        history=(LOGIN_FIRST, 404, 200, 403, 200),
        delete=(LOGIN_FIRST, 404, 403, 403, 200),
    )


def shared_work_model(prefix, *, add=200):
    # The way to work: WTZ staff (their participants) and the cooperative's manager (its own
    # records, and a practice it hosts) both read it; nobody but an administrator deletes.
    return {
        **admin_model(
            prefix,
            changelist=(LOGIN_FIRST, 200, 200, 403, 200),
            add=(LOGIN_FIRST, add, add, 403, add),
            change=(LOGIN_FIRST, 200, 200, 403, 200),
            history=(LOGIN_FIRST, 200, 200, 403, 200),
            delete=(LOGIN_FIRST, 403, 403, 403, 200),
        ),
        f"admin/{prefix}/^([^/]+)/history/([^/]+)/$": (LOGIN_FIRST, 200, 200, 403, 200),
    }


def person_data_model(prefix, *, add=200, delete=403):
    # WTZ staff work with their workshop's people; a cooperative manager finds none (404).
    return {
        **admin_model(
            prefix,
            changelist=(LOGIN_FIRST, 200, 403, 403, 200),
            add=(LOGIN_FIRST, add, 403, 403, 200 if add == 200 else add),
            change=(LOGIN_FIRST, 200, 404, 403, 200),
            history=(LOGIN_FIRST, 200, 404, 403, 200),
            delete=(LOGIN_FIRST, delete, 404, 403, 200),
        ),
        f"admin/{prefix}/^([^/]+)/history/([^/]+)/$": (LOGIN_FIRST, 200, 404, 403, 200),
    }


def api_model(prefix, *, actions=(), list_actions=(), statuses=API_STAFF):
    routes = {
        f"api/v1/^{prefix}/$": statuses,
        f"api/v1/^{prefix}\\.(?P<format>[a-z0-9]+)/?$": statuses,
        f"api/v1/^{prefix}/(?P<pk>[^/.]+)/$": statuses,
        f"api/v1/^{prefix}/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": statuses,
    }
    for name in actions:  # POST-only actions: GET is refused after the permission check
        routes[f"api/v1/^{prefix}/(?P<pk>[^/.]+)/{name}/$"] = API_POST_ONLY
        routes[f"api/v1/^{prefix}/(?P<pk>[^/.]+)/{name}\\.(?P<format>[a-z0-9]+)/?$"] = API_POST_ONLY
    for name, statuses in list_actions:
        routes[f"api/v1/^{prefix}/{name}/$"] = statuses
        routes[f"api/v1/^{prefix}/{name}\\.(?P<format>[a-z0-9]+)/?$"] = statuses
    return routes


EXPECTED = {
    "": (LOGIN_FIRST, 302, 302, 302, 302),  # / sends each role to its home
    "healthz": (200, 200, 200, 200, 200),
    "accounts/login/": (200, 302, 302, 302, 302),
    "accounts/logout/": (405, 405, 405, 405, 405),  # POST only
    "accounts/language/": (405, 405, 405, 405, 405),  # POST only
    "accounts/profile/": (LOGIN_FIRST, 200, 200, 200, 200),  # everyone's own settings
    # Two-step sign-in: the code step sends a user without an authenticator app on; everyone may
    # set one up; switching it off and new backup codes are sent from the profile's forms only.
    "accounts/login/code/": (LOGIN_FIRST, 302, 302, 302, 302),
    "accounts/two-step/": (LOGIN_FIRST, 200, 200, 200, 200),
    "accounts/two-step/remove/": (LOGIN_FIRST, 405, 405, 405, 405),
    "accounts/two-step/backup-codes/": (LOGIN_FIRST, 405, 405, 405, 405),
    "search/": (LOGIN_FIRST, 200, 200, 200, 200),
    # Paper registers and lists to sign: the workshop's staff (their first room or workshop).
    "participants/attendance/sheet/": (LOGIN_FIRST, 200, 403, 403, 200),
    "participants/allowance/list/": (LOGIN_FIRST, 200, 403, 403, 200),
    # Saving and deleting one's own views: sent from a form only.
    "accounts/views/": (LOGIN_FIRST, 405, 405, 405, 405),
    "accounts/views/<int:pk>/delete/": (
        LOGIN_FIRST,
        405,
        405,
        405,
        405,
    ),  # finds only whom the user may see
    "admin/": ADMIN_PAGE,
    "admin/login/": (302, 302, 302, 302, 302),  # → /accounts/login/
    "admin/logout/": (LOGIN_FIRST, 405, 405, 403, 405),
    "admin/password_change/": ADMIN_PAGE,
    "admin/password_change/done/": ADMIN_PAGE,
    "admin/autocomplete/": (LOGIN_FIRST, 403, 403, 403, 403),  # refused without its parameters
    "admin/jsi18n/": ADMIN_PAGE,
    "admin/r/<path:content_type_id>/<path:object_id>/": (LOGIN_FIRST, 404, 404, 403, 404),
    "admin/^(?P<app_label>accounts|organisations|wtz|participants|employment|coop|reports)/$": (
        LOGIN_FIRST,
        200,
        404,
        403,
        200,
    ),
    "admin/(?P<url>.*)$": (LOGIN_FIRST, 404, 404, 403, 404),
    # A list as CSV or XLSX, to whoever may read the list (the sample: the workshops).
    "admin/export/<slug:app_label>/<slug:model_name>/<slug:file_format>/": (
        LOGIN_FIRST,
        200,
        403,
        403,
        200,
    ),
    **superuser_only_model("accounts/apitoken"),
    # Users' authenticator apps: an administrator reads them and removes a lost one; set up by
    # their users only.
    **superuser_only_model("accounts/authenticator"),
    "admin/accounts/authenticator/add/": (LOGIN_FIRST, 403, 403, 403, 403),
    "admin/accounts/apitoken/add/": (LOGIN_FIRST, 403, 403, 403, 403),  # made by signing in
    # Sign-in attempts and lockouts: an administrator reads them and unlocks by deleting;
    # nobody writes them by hand.
    **{
        route: status
        for model in ("signinlock", "signin", "failedsignin")
        for route, status in superuser_only_model(f"accounts/{model}").items()
    },
    "admin/accounts/signinlock/add/": (LOGIN_FIRST, 403, 403, 403, 403),
    "admin/accounts/signin/add/": (LOGIN_FIRST, 403, 403, 403, 403),
    "admin/accounts/failedsignin/add/": (LOGIN_FIRST, 403, 403, 403, 403),
    # Managers keep their teams' accounts (the sample: the WTZ manager's own, which they read
    # here and change on their profile page); the cooperative's manager finds no such colleague.
    **admin_model(
        "accounts/user",
        changelist=(LOGIN_FIRST, 200, 200, 403, 200),
        add=(LOGIN_FIRST, 200, 200, 403, 200),
        change=(LOGIN_FIRST, 200, 404, 403, 200),
        history=(LOGIN_FIRST, 200, 404, 403, 200),
        delete=(LOGIN_FIRST, 403, 404, 403, 200),
    ),
    "admin/accounts/user/<id>/password/": (LOGIN_FIRST, 403, 404, 403, 200),
    **admin_model(  # public registry data: where a person lives, where a new client is
        "organisations/territory",
        changelist=(LOGIN_FIRST, 200, 200, 403, 200),
        add=SUPERUSER_ONLY,
        change=(LOGIN_FIRST, 200, 200, 403, 200),
        history=(LOGIN_FIRST, 200, 200, 403, 200),
        delete=SUPERUSER_ONLY_OBJECT,
    ),
    # An employer or a client is added on the way (an exit to work, an order); registry data
    # otherwise: only an administrator changes or removes it.
    **admin_model(
        "organisations/organisation",
        changelist=(LOGIN_FIRST, 200, 200, 403, 200),
        add=(LOGIN_FIRST, 200, 200, 403, 200),
        change=(LOGIN_FIRST, 200, 200, 403, 200),
        history=(LOGIN_FIRST, 200, 200, 403, 200),
        delete=SUPERUSER_ONLY_OBJECT,
    ),
    **cooperative_model("organisations/cooperative"),
    **cooperative_model("organisations/managerassignment"),
    "admin/organisations/managerassignment/add/": (LOGIN_FIRST, 403, 200, 403, 200),  # a colleague
    **admin_model(
        "organisations/officerassignment",
        changelist=SUPERUSER_ONLY,
        add=SUPERUSER_ONLY,
        change=(LOGIN_FIRST, 404, 404, 403, 200),
        history=(LOGIN_FIRST, 404, 404, 403, 200),
        delete=(LOGIN_FIRST, 404, 404, 403, 200),
    ),
    **admin_model(
        "organisations/policyparameter",
        changelist=(LOGIN_FIRST, 200, 200, 403, 200),
        add=SUPERUSER_ONLY,
        change=(LOGIN_FIRST, 200, 200, 403, 200),
        history=(LOGIN_FIRST, 200, 200, 403, 200),
        delete=SUPERUSER_ONLY_OBJECT,
    ),
    **admin_model(  # local governments' yearly expenditure: administrators record it
        "organisations/localbudget",
        changelist=SUPERUSER_ONLY,
        add=SUPERUSER_ONLY,
        change=SUPERUSER_ONLY_OBJECT,
        history=SUPERUSER_ONLY_OBJECT,
        delete=SUPERUSER_ONLY_OBJECT,
    ),
    **admin_model(  # what only the workshop knows for its annual report: its WTZ manager
        "wtz/annualfinance",
        changelist=(LOGIN_FIRST, 200, 403, 403, 200),
        add=(LOGIN_FIRST, 200, 403, 403, 200),
        change=(LOGIN_FIRST, 200, 404, 403, 200),
        history=(LOGIN_FIRST, 200, 404, 403, 200),
        delete=(LOGIN_FIRST, 403, 404, 403, 200),
    ),
    **wtz_model("wtz/workshop", add=403),
    **wtz_model("wtz/room", add=200),
    **wtz_model("wtz/staffassignment", add=200),  # the sample user heads the workshop
    **person_data_model("participants/person"),
    **person_data_model("participants/disabilitycertificate"),
    **person_data_model("participants/waitinglistentry"),
    **person_data_model("participants/enrolment", add=403),
    **person_data_model("participants/vacancy", add=403),
    **person_data_model("participants/referral"),
    **person_data_model("participants/programmeversion"),
    **person_data_model("participants/evaluation"),
    **person_data_model("participants/progressnote", add=403),
    "participants/notes/new/": (LOGIN_FIRST, 200, 403, 403, 200),
    # A person's path: everyone who may see the person (the manager: a referred candidate, with
    # only the cooperative's steps); the easy-read print only for those who keep the therapy.
    "participants/<int:pk>/path/": (LOGIN_FIRST, 200, 200, 404, 200),
    "participants/<int:pk>/path/easy/": (LOGIN_FIRST, 200, 404, 404, 200),
    "admin/todo/<slug:group>/": (LOGIN_FIRST, 200, 200, 403, 200),
    # Everything held on a person: the workshop's manager (staff) and administrators; the
    # cooperative's manager does not find the workshop's participant.
    "admin/personal-data/<int:pk>/<slug:file_format>/": (LOGIN_FIRST, 200, 404, 403, 200),
    "admin/personal-data/<int:pk>/anonymise/": SUPERUSER_ONLY,
    "admin/retention/": SUPERUSER_ONLY,
    **person_data_model("participants/attendanceday", add=403),
    "participants/attendance/": (LOGIN_FIRST, 200, 403, 403, 200),
    **person_data_model("participants/allowancepayment", add=403),
    "participants/allowance/": (LOGIN_FIRST, 200, 403, 403, 200),
    "participants/import/": (LOGIN_FIRST, 200, 403, 403, 200),
    # Background imports: one's own list; a run is found only by the user who started it.
    "participants/import/runs/": (LOGIN_FIRST, 200, 403, 403, 200),
    "participants/import/runs/<str:run>/": (LOGIN_FIRST, 404, 403, 403, 404),
    # The annual report to the powiat: the WTZ manager of the workshop (the sample staff user).
    "participants/annual-report/": (LOGIN_FIRST, 200, 403, 403, 200),
    "participants/annual-report/xlsx/": (LOGIN_FIRST, 200, 403, 403, 200),
    "participants/import/template.xlsx": (LOGIN_FIRST, 200, 403, 403, 200),
    "participants/import/template.csv": (LOGIN_FIRST, 200, 403, 403, 200),
    "admin/participants/programmeversion/<int:object_id>/approve/": (
        LOGIN_FIRST,
        200,
        404,
        403,
        200,
    ),
    "admin/participants/programmeversion/<int:object_id>/print/": (
        LOGIN_FIRST,
        200,
        404,
        403,
        200,
    ),
    "admin/participants/waitinglistentry/admit/": (LOGIN_FIRST, 200, 403, 403, 200),
    "admin/participants/enrolment/<int:object_id>/exit/": (LOGIN_FIRST, 200, 404, 403, 200),
    **admin_model(  # the access log: administrators read it, nobody writes or deletes it
        "participants/accesslog",
        changelist=SUPERUSER_ONLY,
        add=(LOGIN_FIRST, 403, 403, 403, 403),
        change=(LOGIN_FIRST, 404, 404, 403, 200),
        history=(LOGIN_FIRST, 404, 404, 403, 200),
        delete=(LOGIN_FIRST, 404, 404, 403, 403),
    ),
    "participants/certificates/<int:pk>/scan/": (LOGIN_FIRST, 200, 404, 404, 200),
    **shared_work_model("employment/placement"),
    **shared_work_model("employment/employment"),
    **shared_work_model("employment/followup", add=403),
    **admin_model(  # the candidates referred to the manager's cooperative, read-only
        "employment/candidate",
        changelist=(LOGIN_FIRST, 403, 200, 403, 200),
        add=(LOGIN_FIRST, 403, 403, 403, 403),
        change=(LOGIN_FIRST, 404, 200, 403, 200),
        history=(LOGIN_FIRST, 404, 200, 403, 200),
        delete=(LOGIN_FIRST, 404, 403, 403, 403),
    ),
    "employment/waivers/<int:pk>/document/": (LOGIN_FIRST, 404, 200, 404, 200),
    **admin_model(  # the cooperative's orders: its manager's; the workshops find none (404)
        "coop/order",
        changelist=(LOGIN_FIRST, 403, 200, 403, 200),
        add=(LOGIN_FIRST, 403, 200, 403, 200),
        change=(LOGIN_FIRST, 404, 200, 403, 200),
        history=(LOGIN_FIRST, 404, 200, 403, 200),
        delete=(LOGIN_FIRST, 404, 403, 403, 200),
    ),
    "admin/coop/order/^([^/]+)/history/([^/]+)/$": (LOGIN_FIRST, 404, 200, 403, 200),
    **admin_model(
        "coop/surplusallocation",
        changelist=(LOGIN_FIRST, 403, 200, 403, 200),
        add=(LOGIN_FIRST, 403, 200, 403, 200),
        change=(LOGIN_FIRST, 404, 200, 403, 200),
        history=(LOGIN_FIRST, 404, 200, 403, 200),
        delete=(LOGIN_FIRST, 404, 403, 403, 200),
    ),
    **admin_model(
        "coop/grantagreement",
        changelist=(LOGIN_FIRST, 403, 200, 403, 200),
        add=(LOGIN_FIRST, 403, 200, 403, 200),
        change=(LOGIN_FIRST, 404, 200, 403, 200),
        history=(LOGIN_FIRST, 404, 200, 403, 200),
        delete=(LOGIN_FIRST, 404, 403, 403, 200),
    ),
    "admin/coop/grantagreement/^([^/]+)/history/([^/]+)/$": (
        LOGIN_FIRST,
        404,
        200,
        403,
        200,
    ),
    **admin_model(
        "coop/reintegrationplan",
        changelist=(LOGIN_FIRST, 403, 200, 403, 200),
        add=(LOGIN_FIRST, 403, 200, 403, 200),
        change=(LOGIN_FIRST, 404, 200, 403, 200),
        history=(LOGIN_FIRST, 404, 200, 403, 200),
        delete=(LOGIN_FIRST, 404, 403, 403, 200),
    ),
    "admin/coop/reintegrationplan/^([^/]+)/history/([^/]+)/$": (
        LOGIN_FIRST,
        404,
        200,
        403,
        200,
    ),
    "coop/compliance/": (LOGIN_FIRST, 403, 200, 403, 200),
    "coop/subsidy/": (LOGIN_FIRST, 403, 200, 403, 200),
    "coop/subsidy/xlsx/": (LOGIN_FIRST, 403, 200, 403, 200),
    # The compliance page's first address sends everyone on to the new one.
    "employment/compliance/": (301, 301, 301, 301, 301),
    **admin_model(  # members who are people: the cooperative's manager's records
        "coop/personmembership",
        changelist=(LOGIN_FIRST, 403, 200, 403, 200),
        add=(LOGIN_FIRST, 403, 200, 403, 200),
        change=(LOGIN_FIRST, 404, 200, 403, 200),
        history=(LOGIN_FIRST, 404, 200, 403, 200),
        delete=(LOGIN_FIRST, 404, 403, 403, 200),
    ),
    "admin/coop/personmembership/^([^/]+)/history/([^/]+)/$": (
        LOGIN_FIRST,
        404,
        200,
        403,
        200,
    ),
    **admin_model(  # membership offered to an employee, and the answer (SC-07)
        "coop/membershipoffer",
        changelist=(LOGIN_FIRST, 403, 200, 403, 200),
        add=(LOGIN_FIRST, 403, 200, 403, 200),
        change=(LOGIN_FIRST, 404, 200, 403, 200),
        history=(LOGIN_FIRST, 404, 200, 403, 200),
        delete=(LOGIN_FIRST, 404, 403, 403, 200),
    ),
    "admin/coop/membershipoffer/^([^/]+)/history/([^/]+)/$": (LOGIN_FIRST, 404, 200, 403, 200),
    **admin_model(  # a person's statuses the cooperative was shown evidence of
        "coop/socialstatus",
        changelist=(LOGIN_FIRST, 403, 200, 403, 200),
        add=(LOGIN_FIRST, 403, 200, 403, 200),
        change=(LOGIN_FIRST, 404, 200, 403, 200),
        history=(LOGIN_FIRST, 404, 200, 403, 200),
        delete=(LOGIN_FIRST, 404, 403, 403, 200),
    ),
    "admin/coop/socialstatus/^([^/]+)/history/([^/]+)/$": (
        LOGIN_FIRST,
        404,
        200,
        403,
        200,
    ),
    # Outcomes: officers for their territory, managers for the powiat of what they run.
    "reports/": (LOGIN_FIRST, 200, 200, 200, 200),
    "reports/export/<str:file_format>/": (LOGIN_FIRST, 200, 200, 200, 200),
    "reports/freeze/": (LOGIN_FIRST, 405, 405, 405, 405),  # POST only
    "reports/runs/": (LOGIN_FIRST, 200, 200, 200, 200),
    # The sample run was frozen by the officer with the gminas' rows: the WTZ manager of the
    # same powiat reads its totals only, the cooperative's manager another powiat.
    "reports/runs/<int:pk>/": (LOGIN_FIRST, 404, 404, 200, 200),
    "reports/runs/<int:pk>/export/<str:file_format>/": (LOGIN_FIRST, 404, 404, 200, 200),
    # Switched on by an administrator for the powiat: anyone, without logging in.
    "reports/public/<str:code>/": (200, 200, 200, 200, 200),
    "reports/print-foot.css": (200, 200, 200, 200, 200),  # echoes only its own escaped text
    **superuser_only_model("reports/publicreport"),
    **admin_model(  # frozen reports are read, never changed or removed
        "reports/reportrun",
        changelist=SUPERUSER_ONLY,
        add=(LOGIN_FIRST, 403, 403, 403, 403),
        change=SUPERUSER_ONLY_OBJECT,
        history=SUPERUSER_ONLY_OBJECT,
        delete=(LOGIN_FIRST, 403, 403, 403, 403),
    ),
    "api/v1/auth/token/": (405, 405, 405, 405, 405),  # POST only
    "api/v1/reports/": (401, 200, 200, 200, 200),
    # POST only, with the token being revoked (a browser session is not an API token).
    "api/v1/auth/logout/": (401, 401, 401, 401, 401),
    "api/v1/auth/logout-all/": (401, 401, 401, 401, 401),
    "api/v1/": (401, 200, 200, 200, 200),
    "api/v1/<drf_format_suffix:format>": (401, 200, 200, 200, 200),
    "api/v1/^workshops/$": API_STAFF,
    "api/v1/^workshops\\.(?P<format>[a-z0-9]+)/?$": API_STAFF,
    "api/v1/^workshops/(?P<pk>[^/.]+)/$": API_STAFF,
    "api/v1/^workshops/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": API_STAFF,
    "api/v1/^rooms/$": API_STAFF,
    "api/v1/^rooms\\.(?P<format>[a-z0-9]+)/?$": API_STAFF,
    "api/v1/^rooms/(?P<pk>[^/.]+)/$": API_STAFF,
    "api/v1/^rooms/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": API_STAFF,
    **api_model("persons"),
    **api_model("representatives"),
    **api_model("consents"),
    **api_model("certificates"),
    **api_model(
        "reserve-list",
        actions=("admit", "approve"),
        list_actions=(("proposal", (401, 400, 403, 403, 400)),),  # needs ?workshop=
    ),
    **api_model("enrolments", actions=("exit",)),
    **api_model("vacancies"),
    **api_model("readiness"),
    **api_model("referrals", actions=("withdraw",)),
    **api_model("programmes", actions=("approve",)),
    **api_model("evaluations"),
    **api_model("progress-notes"),
    **api_model("attendance", list_actions=(("register", API_POST_ONLY),)),
    **api_model("placements", statuses=API_BOTH),
    **api_model("employments", statuses=API_BOTH),
    # The employer's records about a disability: the side that keeps the job (here the
    # cooperative's); the workshop's staff list none of them and find this one missing.
    **api_model("disability-facts", statuses=API_BOTH),
    **api_model("waivers", statuses=API_BOTH),
    "api/v1/^disability-facts/(?P<pk>[^/.]+)/$": KEEPER_ONLY,
    "api/v1/^disability-facts/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": KEEPER_ONLY,
    "api/v1/^waivers/(?P<pk>[^/.]+)/$": KEEPER_ONLY,
    "api/v1/^waivers/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": KEEPER_ONLY,
    **api_model("follow-ups", statuses=API_BOTH),
    **api_model("candidates", statuses=(401, 403, 200, 403, 200)),
    **api_model("orders", statuses=(401, 403, 200, 403, 200)),
    **api_model("order-assignments", statuses=(401, 403, 200, 403, 200)),
    **api_model("members", statuses=(401, 403, 200, 403, 200)),
    **api_model("social-statuses", statuses=(401, 403, 200, 403, 200)),
    **api_model("member-organisations", statuses=(401, 403, 200, 403, 200)),
    **api_model("surplus-allocations", statuses=(401, 403, 200, 403, 200)),
    **api_model("grants", statuses=(401, 403, 200, 403, 200)),
    **api_model("granted-jobs", statuses=(401, 403, 200, 403, 200)),
    **api_model("reintegration-plans", statuses=(401, 403, 200, 403, 200)),
    "api/schema/": (200, 200, 200, 200, 200),  # public: it holds no data
    "api/docs/": (200, 200, 200, 200, 200),
}

API_MODELS = {
    "workshops": "wtz.workshop",
    "rooms": "wtz.room",
    "persons": "participants.person",
    "representatives": "participants.representative",
    "consents": "participants.consent",
    "certificates": "participants.disabilitycertificate",
    "reserve-list": "participants.waitinglistentry",
    "enrolments": "participants.enrolment",
    "vacancies": "participants.vacancy",
    "readiness": "participants.readiness",
    "referrals": "participants.referral",
    "programmes": "participants.programmeversion",
    "evaluations": "participants.evaluation",
    "progress-notes": "participants.progressnote",
    "attendance": "participants.attendanceday",
    "placements": "employment.placement",
    "employments": "employment.employment",
    "disability-facts": "employment.disabilityfacts",
    "waivers": "employment.hourswaiver",
    "follow-ups": "employment.followup",
    "candidates": "employment.candidate",
    "orders": "coop.order",
    "order-assignments": "coop.orderassignment",
    "members": "coop.personmembership",
    "social-statuses": "coop.socialstatus",
    "member-organisations": "coop.organisationmembership",
    "surplus-allocations": "coop.surplusallocation",
    "grants": "coop.grantagreement",
    "granted-jobs": "coop.grantedjob",
    "reintegration-plans": "coop.reintegrationplan",
}
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def all_routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def sample_objects(world, people) -> dict[str, object]:
    AuthToken.objects.create(user=world.staff)
    people.certificate.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 test"))
    request = RequestFactory().get("/")
    request.user = world.staff
    log_reads(request, [people.participant], kind="record")
    job = Employment.objects.create(
        person=people.participant,
        employer=world.cooperative.organisation,
        employer_kind="cooperative",
        cooperative=world.cooperative,
        position="Pomocnik kuchenny",
        contract_type="employment",
        fte="0.50",
        daily_hours=4,
        weekly_hours=20,
        monthly_wage=2500,
        starts_on="2024-06-03",
    )
    waiver = HoursWaiver.objects.create(employment=job, ground="doctor", issued_on="2024-06-01")
    waiver.document.save("zgoda.pdf", ContentFile(b"%PDF-1.4 test"))
    order = Order.objects.create(
        cooperative=world.cooperative,
        client=world.workshop.organiser,
        title="Sprzątanie urzędu",
        route="below_threshold",
        net_value=90000,
        awarded_on="2024-05-20",
        starts_on="2024-06-03",
    )
    agreement = GrantAgreement.objects.create(
        cooperative=world.cooperative,
        owes=world.workshop.organiser,
        reference="OWES/1",
        signed_on="2024-05-01",
    )
    return {
        "coop.surplusallocation": SurplusAllocation.objects.create(
            cooperative=world.cooperative,
            year=2024,
            surplus=100,
            reserve_fund=40,
            reintegration=40,
            jobs_and_investment=20,
        ),
        "coop.grantagreement": agreement,
        "coop.grantedjob": GrantedJob.objects.create(
            agreement=agreement,
            employment=job,
            fte=job.fte,
            amount=31229,
            support_until=datetime.date(2025, 6, 2),
        ),
        "coop.reintegrationplan": ReintegrationPlan.objects.create(
            employment=job,
            situation="—",
            actions="—",
            expected_effects="—",
            starts_on="2024-06-03",
        ),
        "coop.socialstatus": SocialStatus.objects.create(
            cooperative=world.cooperative,
            person=people.participant,
            kind="unemployed",
            starts_on="2025-01-02",
            evidence="Zaświadczenie PUP",
        ),
        "coop.membershipoffer": MembershipOffer.objects.create(
            cooperative=world.cooperative, person=people.participant, offered_on="2025-06-03"
        ),
        "coop.personmembership": PersonMembership.objects.create(
            cooperative=world.cooperative, person=people.participant, starts_on="2025-06-03"
        ),
        "coop.organisationmembership": OrganisationMembership.objects.create(
            cooperative=world.cooperative,
            organisation=world.workshop.organiser,
            is_founder=True,
            starts_on="2019-05-01",
        ),
        "coop.order": order,
        "coop.orderassignment": OrderAssignment.objects.create(
            order=order,
            person=people.participant,
            role="employee",
            employment=job,
            weekly_hours=20,
            starts_on="2024-06-03",
        ),
        "employment.placement": Placement.objects.create(
            kind="practice",
            person=people.participant,
            enrolment=people.enrolment,
            programme=people.programme,
            host=world.cooperative.organisation,
            supervisor="Instruktor",
            weekly_hours=10,
            starts_on="2024-04-01",
            ends_on="2024-05-31",
        ),
        "employment.employment": job,
        "employment.disabilityfacts": DisabilityFacts.objects.create(
            employment=job,
            degree="moderate",
            applies_from="2024-06-03",
            evidence_shown_on="2024-05-20",
        ),
        "employment.hourswaiver": waiver,
        "employment.followup": FollowUp.objects.create(
            employment=job, days_after_start=30, due_on="2024-07-03"
        ),
        "employment.candidate": people.referral,
        "participants.person": people.participant,
        "participants.representative": people.representative,
        "participants.consent": people.consent,
        "participants.disabilitycertificate": people.certificate,
        "participants.waitinglistentry": people.candidate_entry,
        "participants.enrolment": people.enrolment,
        "participants.vacancy": people.vacancy,
        "participants.readiness": people.readiness,
        "participants.referral": people.referral,
        "participants.programmeversion": people.programme,
        "participants.evaluation": people.evaluation,
        "participants.progressnote": people.note,
        "participants.allowancepayment": AllowancePayment.objects.create(
            enrolment=people.enrolment,
            month="2024-05-01",
            due_amount=100,
            amount=100,
            unexcused_days=0,
        ),
        "participants.attendanceday": AttendanceDay.objects.create(
            enrolment=people.enrolment, day="2024-05-06", code="present"
        ),
        "participants.accesslog": AccessLog.objects.first(),
        "organisations.policyparameter": PolicyParameter.objects.first(),
        "reports.reportrun": _sample_run(world),
        "reports.publicreport": PublicReport.objects.create(territory=world.powiat),
        "organisations.localbudget": LocalBudget.objects.create(
            organisation=OrganisationFactory(kind="powiat", territory=world.powiat),
            year=2025,
            expenditure=20_000_000,
            source="Rb-28S",
        ),
        "wtz.workshop": world.workshop,
        "wtz.annualfinance": AnnualFinance.objects.create(
            workshop=world.workshop, year=2025, pfron_funds=1_402_800
        ),
        "wtz.room": world.room,
        "wtz.staffassignment": world.staff.staff_assignments.get(),
        "organisations.cooperative": world.cooperative,
        "organisations.managerassignment": world.manager.cooperative_assignments.get(),
        "organisations.officerassignment": world.officer.territory_assignments.get(),
        "organisations.territory": world.powiat,
        "organisations.organisation": world.workshop.organiser,
        "accounts.user": world.staff,
        "accounts.signinlock": AccessAttempt.objects.create(
            username="nieznany", ip_address="10.0.0.9", failures_since_start=1
        ),
        "accounts.signin": AxesAccessLog.objects.create(username="nieznany", ip_address="10.0.0.9"),
        "accounts.failedsignin": AccessFailureLog.objects.create(
            username="nieznany", ip_address="10.0.0.9"
        ),
        "accounts.apitoken": ApiToken.objects.get(user=world.staff),
        # Someone outside the roles walked through: an app of theirs holds no role's session back.
        "accounts.authenticator": Authenticator.objects.get(
            pk=TOTPDevice.objects.create(user=world.outsider, confirmed=True).pk
        ),
    }


def model_of(route: str) -> str | None:
    admin = re.match(r"admin/(\w+)/(\w+)/", route)
    if admin and apps.all_models.get(admin[1], {}).get(admin[2]):
        return f"{admin[1]}.{admin[2]}"
    api = re.match(r"api/v1/\^([\w-]+)", route)
    return API_MODELS[api[1]] if api else None


def _sample_run(world):
    from reports.frozen import freeze
    from reports.query import read_query

    today = datetime.date(2026, 3, 15)
    query = read_query(world.officer, {"territory": world.powiat.code, "period": "2025"}, today)
    return freeze(world.officer, query, "Dla rady powiatu", today)


def concrete_url(route: str, objects) -> str:
    model = model_of(route)

    def value(match):
        name = match[1] or match[2]
        if name == "format":
            return ".json" if match[1] else "json"
        if name in ("object_id", "pk", "id"):
            return str(objects[model or "wtz.workshop"].pk)  # view_on_site: the workshop
        if name == "content_type_id":
            return str(ContentType.objects.get_for_model(objects["wtz.workshop"]).pk)
        if name == "app_label":
            return "wtz"
        if name == "model_name":
            return "workshop"
        if name == "file_format":
            return "json" if route.startswith("admin/personal-data/") else "csv"
        if name == "url":
            return "no-such-page/"
        if name == "group":
            return "overdue"
        if name == "code":
            return objects["reports.publicreport"].territory.code
        if name == "run":
            return "1700000000-" + "0" * 32  # nobody's run
        raise AssertionError(f"no sample value for <{name}> in {route}")

    if "/history/([^/]+)/" in route:  # simple-history's page of one historical version
        obj = objects[model]
        version = obj.history.order_by("-history_id").first()
        route = route.replace("^([^/]+)/history/([^/]+)/$", f"{obj.pk}/history/{version.pk}/")
    if route.startswith("participants/certificates/"):
        model = "participants.disabilitycertificate"
    if route.startswith("employment/waivers/"):
        model = "employment.hourswaiver"
    if route.startswith(("participants/<int:pk>/path/", "admin/personal-data/")):
        model = "participants.person"
    if route.startswith("reports/runs/"):
        model = "reports.reportrun"
    url = "/" + PARAMETER.sub(value, route)
    return url.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")


# Every answer, whatever its status, file downloads and redirects included, carries these.
PROTECTIONS = {
    "Content-Security-Policy": ("default-src 'self'", "script-src 'self'", "style-src 'self'"),
    "Permissions-Policy": ("camera=()", "display-capture=()", "geolocation=()", "microphone=()"),
    "X-Content-Type-Options": ("nosniff",),
    "Referrer-Policy": ("same-origin",),
    "X-Frame-Options": ("DENY",),
}


def missing_protections(response) -> list[str]:
    return [
        header
        for header, parts in PROTECTIONS.items()
        if not all(part in response.headers.get(header, "") for part in parts)
    ]


def test_every_url_pattern_has_an_expectation():
    routes = set(all_routes())
    assert routes - set(EXPECTED) == set(), "URL patterns without an expected answer per role"
    assert set(EXPECTED) - routes == set(), "expectations for URL patterns that no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_from_every_url(world, people, client_for, role):
    objects = sample_objects(world, people)
    client = client_for(world.user(role))
    column = ROLES.index(role)
    wrong = []
    for route in all_routes():
        url = concrete_url(route, objects)
        response = client.get(url)
        if response.status_code != EXPECTED[route][column]:
            wrong.append(f"{url}: {response.status_code}, expected {EXPECTED[route][column]}")
        if missing := missing_protections(response):
            wrong.append(f"{url}: without {', '.join(missing)}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)

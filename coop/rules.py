"""Rules of DOMAIN.md §11 enforced by the coop app."""

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.rules import Severity, register

DIS_08 = register(
    "DIS-08",
    severity=Severity.DESIGN,
    title=_(
        "Health and personal data are seen by role and scope only; municipal officers see "
        "aggregates only."
    ),
)
JST_02 = register(
    "JST-02",
    severity=Severity.RULE,
    title=_("Below 130,000 zł net a contract is outside the Pzp procedures; route and value kept."),
)
JST_03 = register(
    "JST-03",
    severity=Severity.WARN,
    title=_(
        "A reserved social-services contract is not awarded again to the same contractor by the "
        "same authority within 3 years."
    ),
)


def check_order(order) -> None:
    """JST-02: the below-threshold route is for a value under the threshold in force on the day
    of the award."""
    from coop.policy import Key, policy_value

    if order.route != order.Route.BELOW_THRESHOLD or not order.awarded_on:
        return
    if order.net_value is None:
        return
    threshold = policy_value(Key.JST_PZP_THRESHOLD, order.awarded_on)
    if order.net_value >= threshold:
        raise ValidationError(
            {
                "net_value": JST_02.error(
                    gettext(
                        "%(value)s zł net is not below the Pzp threshold of %(threshold)s zł: "
                        "choose the route it was awarded by."
                    ),
                    params={"value": order.net_value, "threshold": threshold},
                )
            }
        )


def order_warnings(order) -> list[str]:
    """JST-03: the same authority's earlier reserved social-services award to this cooperative
    within the years in force."""
    from coop.policy import Key, policy_int

    if order.route != order.Route.RESERVED_SOCIAL or not order.awarded_on:
        return []
    years = policy_int(Key.JST_RESERVED_REPEAT_YEARS, order.awarded_on)
    since = order.awarded_on - relativedelta(years=years)
    earlier = (
        apps.get_model("coop", "Order")
        .objects.filter(
            cooperative=order.cooperative_id,
            client=order.client_id,
            route=order.Route.RESERVED_SOCIAL,
            awarded_on__gt=since,
            awarded_on__lte=order.awarded_on,
        )
        .exclude(pk=order.pk)
        .order_by("-awarded_on")
        .first()
    )
    if earlier is None:
        return []
    return [
        str(
            JST_03.error(
                gettext(
                    "%(client)s already awarded a reserved social-services contract to the "
                    "cooperative on %(date)s, less than %(years)d years before."
                ),
                params={"client": order.client, "date": earlier.awarded_on, "years": years},
            ).messages[0]
        )
    ]


SC_01 = register(
    "SC-01",
    severity=Severity.BLOCK,
    title=_(
        "Founders: at least 5 natural persons, or 3 who admit 2 more within 12 months, or at "
        "least 2 legal persons of the allowed kinds."
    ),
)
SC_09 = register(
    "SC-09",
    severity=Severity.BLOCK,
    title=_("The name contains “spółdzielnia socjalna”."),
)
SC_11 = register(
    "SC-11",
    severity=Severity.TASK,
    title=_("The cooperative audit (lustracja) is due within the years in force."),
)


def check_cooperative_name(name: str) -> None:
    """SC-09."""
    if "spółdzielnia socjalna" not in name.casefold():
        raise ValidationError(
            SC_09.error(gettext("the name must contain “spółdzielnia socjalna”."))
        )


def founders_problem(founder_kind: str, natural: int, legal: int, on) -> str | None:
    """SC-01 on the founders recorded: ``None`` when they may found the cooperative."""
    from coop.policy import Key, MissingPolicyParameter, policy_int

    try:
        policy_int(Key.SC_MIN_LEGAL_MEMBERS, on)
    except MissingPolicyParameter:
        return None  # founded before the rule was law
    if founder_kind == "legal":
        minimum = policy_int(Key.SC_MIN_LEGAL_MEMBERS, on)
        if legal >= minimum:
            return None
        return str(
            SC_01.error(
                gettext("a cooperative of legal persons has at least %(min)d founders, not %(n)d."),
                params={"min": minimum, "n": legal},
            ).messages[0]
        )
    minimum = policy_int(Key.SC_MIN_NATURAL_MEMBERS, on)
    if natural >= 3:  # fewer than the minimum only with the SC-02 deadline to admit two more
        return None
    return str(
        SC_01.error(
            gettext("natural-person founders are at least %(min)d, or 3; not %(n)d."),
            params={"min": minimum, "n": natural},
        ).messages[0]
    )


def audit_due_on(cooperative):
    """SC-11: the last audit (or the KRS entry) plus the years in force."""
    from coop.policy import Key, policy_int

    start = cooperative.last_audit_on or cooperative.registered_on
    if start is None:
        return None
    return start + relativedelta(years=policy_int(Key.SC_AUDIT_INTERVAL_YEARS, start))


SC_10 = register(
    "SC-10",
    severity=Severity.WARN,
    title=_("The surplus goes to the reserve fund, reintegration and jobs by the statutory split."),
)
PS_05 = register(
    "PS-05",
    severity=Severity.TASK,
    title=_("A social enterprise reports to the voivode every year by 31 March."),
)
PS_06 = register(
    "PS-06",
    severity=Severity.BLOCK,
    title=_(
        "An entity controlled by a local government holds no social-enterprise status, unless it "
        "is a social cooperative founded by legal persons."
    ),
)


def surplus_warnings(allocation) -> list[str]:
    """SC-10: the reserve fund's and reintegration's shares against those in force at the end of
    the financial year."""
    import datetime

    from coop.policy import Key, MissingPolicyParameter, policy_value

    if not allocation.surplus:
        return []
    on = datetime.date(allocation.year, 12, 31)
    warnings = []
    try:
        policy_value(Key.SC_SURPLUS_RESERVE_SHARE, on)
    except MissingPolicyParameter:
        return []  # a year before the split was law
    for part, key, label in (
        (allocation.reserve_fund, Key.SC_SURPLUS_RESERVE_SHARE, _("the reserve fund")),
        (
            allocation.reintegration,
            Key.SC_SURPLUS_REINTEGRATION_SHARE,
            _("social and vocational reintegration"),
        ),
    ):
        minimum = policy_value(key, on)
        if part * 100 < minimum * allocation.surplus:
            warnings.append(
                str(
                    SC_10.error(
                        gettext("%(part)s zł to %(label)s is under %(min)s%% of the surplus."),
                        params={"part": part, "label": label, "min": minimum},
                    ).messages[0]
                )
            )
    return warnings


def check_social_enterprise_control(cooperative) -> None:
    """PS-06: a cooperative of natural persons with a local government among its members is
    controlled by it and cannot hold the status; one of legal persons is exempt."""
    if cooperative.founder_kind == cooperative.FounderKind.LEGAL_PERSONS:
        return
    local_government = cooperative.organisation_members.active_on().filter(
        organisation__kind__in=["gmina", "powiat", "voivodeship"]
    )
    if local_government.exists():
        raise ValidationError(
            {
                "social_enterprise_since": PS_06.error(
                    gettext(
                        "a cooperative controlled by a local government holds the status only if "
                        "it was founded by legal persons."
                    )
                )
            }
        )

"""Reports as they were sent: a frozen run keeps its figures after its data and a policy value
change, and says what would differ today; and the public page of a territory."""

import datetime
import re
from decimal import Decimal

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.models import PolicyParameter
from reports.models import PublicReport, ReportRun
from tests.factories.coop import OfficerAssignmentFactory

FROZEN = datetime.datetime(2026, 3, 15, 12, 0, tzinfo=datetime.UTC)
LATER = datetime.datetime(2026, 3, 15, 12, 10, tzinfo=datetime.UTC)
D = datetime.date


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode().replace("\xa0", " "))


def _freeze(client, **extra):
    data = {"territory": "3002", "period": "2025", "purpose": "Dla rady powiatu, marzec", **extra}
    return client.post("/reports/freeze/", data)


def test_a_frozen_report_keeps_its_figures_after_the_data_and_a_policy_value_change(
    world, moved, client_for
):
    client = client_for(world.officer)
    with time_machine.travel(FROZEN, tick=False):
        answer = _freeze(client, benefit_saved="500")
    run = ReportRun.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/reports/runs/{run.pk}/"
    assert (run.frozen_by, run.frozen_on, run.period) == (world.officer, D(2026, 3, 15), "2025")
    assert run.assumptions == {"benefit_saved": "500"}
    stored = dict(run.figures)

    # Later that day: a wage corrected upwards, and a higher employer's rate published with
    # effect from 2025.
    _person, _enrolment, employment = moved[0]
    employment.monthly_wage = Decimal("6000.00")
    employment.save()
    PolicyParameter.objects.create(
        key=PolicyParameter.Key.BALANCE_EMPLOYER_SOCIAL,
        value=Decimal("22.00"),
        valid_from=D(2025, 1, 1),
        known_on=D(2026, 3, 15),
        legal_source="Ustawa zmieniająca (przykład)",
        evidence="M",
    )
    with time_machine.travel(LATER, tick=False):
        page = client.get(f"/reports/runs/{run.pk}/")
        today = client.get("/reports/", {"territory": "3002", "period": "2025"})
        export = client.get(f"/reports/runs/{run.pk}/export/csv/")
    run.refresh_from_db()
    assert run.figures == stored  # never rewritten
    assert page.status_code == 200
    text = _text(page)
    assert "277 552,01 zł" in text  # the balance as it was sent, the what-if included
    assert "Dla rady powiatu, marzec" in text
    differences = {
        d.label: (d.then.replace("\xa0", " "), d.now.replace("\xa0", " "))
        for d in page.context["differences"]
    }
    assert differences["bilans dla finansów publicznych"][0] == "277 552,01 zł"
    assert differences["bilans dla finansów publicznych"][1] != "277 552,01 zł"
    assert differences["zarobione wynagrodzenie (brutto)"] == ("302 419,35 zł", "314 419,35 zł")
    assert "277 552,01 zł" not in _text(today)  # today's page has moved on

    assert "277 552,01 zł" in export.content.decode("utf-8-sig").replace("\xa0", " ")


@time_machine.travel(FROZEN, tick=False)
def test_a_report_is_frozen_only_with_its_purpose(world, moved, client_for):
    client = client_for(world.officer)
    answer = _freeze(client, purpose="  ")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/reports/?")
    assert not ReportRun.objects.exists()
    assert "Napisz, do czego służy raport" in _text(client.get(answer["Location"]))
    bad = _freeze(client, income_tax="-5")
    assert bad.status_code == 302
    assert not ReportRun.objects.exists()  # nothing half-saved


@time_machine.travel(FROZEN, tick=False)
def test_who_may_open_a_frozen_report(world, moved, client_for):
    _freeze(client_for(world.officer))
    run = ReportRun.objects.get()
    url = f"/reports/runs/{run.pk}/"
    assert client_for(world.officer).get(url).status_code == 200
    assert client_for(world.admin).get(url).status_code == 200
    # the WTZ manager reads the powiat's totals only; this run holds its gminas' rows
    assert client_for(world.staff).get(url).status_code == 404
    assert client_for(world.instructor).get(url).status_code == 403
    other = OfficerAssignmentFactory(territory=world.other_powiat).user
    assert client_for(other).get(url).status_code == 404
    assert "Dla rady powiatu" not in _text(client_for(other).get("/reports/runs/"))
    # a run the WTZ manager froze has the totals only, and is theirs to open
    _freeze(client_for(world.staff))
    own = ReportRun.objects.get(frozen_by=world.staff)
    assert own.figures["by_gmina"] is False
    assert client_for(world.staff).get(f"/reports/runs/{own.pk}/").status_code == 200
    listed = client_for(world.staff).get("/reports/runs/").context["page"].object_list
    assert list(listed) == [own]


@time_machine.travel(FROZEN, tick=False)
def test_the_list_of_frozen_reports_runs_the_same_queries_for_more_runs(world, client_for):
    client = client_for(world.officer)
    _freeze(client)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/reports/runs/").status_code == 200
        return len(queries)

    before = count()
    run = ReportRun.objects.get()
    for _index in range(30):
        run.pk = None
        run.save()
    assert count() == before


# The public page


@time_machine.travel(FROZEN, tick=False)
def test_a_public_page_exists_only_once_an_administrator_switches_it_on(world, moved, client_for):
    anonymous = client_for(None)
    assert anonymous.get("/reports/public/3002/").status_code == 404
    PublicReport.objects.create(territory=world.powiat, switched_on_by=world.admin)
    page = anonymous.get("/reports/public/3002/")
    assert page.status_code == 200
    text = _text(page)
    assert "czarnkowsko-trzcianecki: z warsztatów do pracy, 2025" in text
    assert "Bilans dla finansów publicznych" in text
    assert "247 310,07 zł" in text
    assert "Czarnków" not in text  # the territory's own totals only, no gmina's row
    for person, _enrolment, _employment in moved:
        assert person.last_name not in text
    assert anonymous.get("/reports/public/3002011/").status_code == 404  # not switched on
    bad = anonymous.get("/reports/public/3002/", {"period": "2030"})
    assert bad.status_code == 400
    assert "2025" in _text(bad)


@time_machine.travel(FROZEN, tick=False)
def test_the_public_page_hides_small_numbers_as_the_officers_page_does(world, client_for):
    from participants.models import Enrolment
    from tests.factories.participants import EnrolmentFactory, PersonFactory

    PublicReport.objects.create(territory=world.powiat)
    for _index in range(2):
        EnrolmentFactory(
            person=PersonFactory(residence=world.gmina),
            workshop=world.workshop,
            admitted_on=D(2020, 1, 1),
            exited_on=D(2025, 5, 31),
            exit_reason=Enrolment.ExitReason.WORK_OPEN_MARKET,
        )
    page = client_for(None).get("/reports/public/3002/")
    moves = next(f for f in page.context["figures"] if f.key == "exits.work")
    assert moves.display == "<5"

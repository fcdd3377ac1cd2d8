"""Journey: a participant leaves the workshop for a job at a bakery nobody has recorded yet. The
staff add the bakery from the exit form and go straight on to the job, which starts filled in
from the exit — in Polish, in one flow."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from employment.models import Employment
from participants.models import Enrolment
from tests.browser.conftest import admitted, choose

pytestmark = pytest.mark.browser


def test_staff_record_an_exit_to_a_new_employer_and_the_job(
    live_server, page, demo_data, log_in, assert_accessible
):
    workshop = demo_data["workshops"][0]
    enrolment = admitted(workshop, "Tomasz", "Piekarski", applied=700, approved=690, admitted=680)
    today = timezone.localdate()
    last_day = today - datetime.timedelta(days=1)
    log_in("staff")
    page.goto(f"{live_server.url}/admin/participants/enrolment/{enrolment.pk}/change/")
    page.get_by_role("link", name="Zapisz odejście").click()

    page.locator("#id_exited_on").fill(last_day.isoformat())
    page.locator("#id_reason").select_option(label="praca: otwarty rynek pracy")
    with page.expect_popup() as opened:
        page.locator("#add_id_employer").click()
    popup = opened.value
    popup.locator("#id_name").fill("Piekarnia Kłos sp. z o.o.")
    popup.locator("#id_kind").select_option(label="przedsiębiorstwo")
    choose(popup, "id_territory", workshop.territory.name)
    popup.get_by_role("button", name="Zapisz", exact=True).click()
    popup.wait_for_event("close")
    expect(page.locator("#id_employer + .select2")).to_contain_text("Piekarnia Kłos")
    page.locator("#id_contract_type").select_option(label="umowa o pracę")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz odejście").click()

    # Straight on to the job: who, where, what kind of employer, from the next day.
    expect(page.locator(".messagelist")).to_contain_text("Piekarnia Kłos")
    expect(page.locator("#id_employer_kind option:checked")).to_have_text("otwarty rynek pracy")
    expect(page.locator("#id_starts_on")).to_have_value(today.strftime("%d.%m.%Y"))
    page.locator("#id_position").fill("Pomocnik piekarza")
    page.locator("#id_fte").fill("1/2")
    page.locator("#id_daily_hours").fill("4")
    page.locator("#id_weekly_hours").fill("20")
    page.locator("#id_monthly_wage").fill("2 403,00")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz", exact=True).click()
    errors = page.locator(".errorlist, .errornote")
    assert errors.count() == 0, errors.all_inner_texts()
    expect(page.locator(".messagelist")).to_contain_text("Pomocnik piekarza")

    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    assert (enrolment.exited_on, enrolment.exit_reason) == (last_day, "work_open")
    job = Employment.objects.get(person=enrolment.person)
    assert job.employer == enrolment.exit_employer
    assert (job.employer_kind, job.recorded_by_workshop) == ("open", workshop)
    assert job.starts_on == today

"""An exit to work and the job it leads to are recorded in one flow: an employer nobody has
recorded yet is added on the way, and the job's form starts from what the exit already says."""

import datetime

import pytest

from employment.models import Employment
from organisations.models import Organisation
from tests.employment.conftest import job
from tests.factories.coop import OrganisationFactory

pytestmark = pytest.mark.django_db

ADD_JOB = "/admin/employment/employment/add/"


def exit_url(enrolment):
    return f"/admin/participants/enrolment/{enrolment.pk}/exit/"


def test_staff_add_a_new_employer_and_go_on_from_the_exit_to_the_job(world, people, client_for):
    client = client_for(world.staff)
    added = client.post(
        "/admin/organisations/organisation/add/?_to_field=id&_popup=1",
        {
            "name": "Piekarnia Kłos sp. z o.o.",
            "kind": "company",
            "territory": world.gmina.pk,
            "_popup": "1",
        },
    )
    assert added.status_code == 200  # the popup hands the new employer back to the exit form
    bakery = Organisation.objects.get(name="Piekarnia Kłos sp. z o.o.")
    response = client.post(
        exit_url(people.enrolment),
        {
            "exited_on": "2026-02-27",
            "reason": "work_open",
            "employer": bakery.pk,
            "contract_type": "employment",
            "club_activities": "accepted",
        },
    )
    assert response.status_code == 302
    people.enrolment.refresh_from_db()
    assert people.enrolment.club_activities == "accepted"  # WTZ-16: the club stays open
    assert response["Location"] == f"{ADD_JOB}?exit={people.enrolment.pk}"
    form = client.get(response["Location"]).context["adminform"].form
    assert form.initial == {
        "person": people.participant.pk,
        "employer": bakery.pk,
        "employer_kind": Employment.EmployerKind.OPEN_MARKET,
        "contract_type": "employment",
        "recorded_by_workshop": world.workshop.pk,
        "starts_on": datetime.date(2026, 2, 28),
    }


def test_an_exit_to_the_cooperative_leaves_the_job_to_its_manager(world, people, client_for):
    response = client_for(world.staff).post(
        exit_url(people.enrolment),
        {
            "exited_on": "2026-03-31",
            "reason": "work_sc",
            "employer": world.cooperative.organisation.pk,
            "contract_type": "coop_employment",
        },
    )
    assert response["Location"] == f"/admin/participants/enrolment/{people.enrolment.pk}/change/"


def test_a_company_is_not_a_social_cooperative_to_leave_for(world, people, client_for):
    bakery = OrganisationFactory(kind=Organisation.Kind.COMPANY, name="Piekarnia Kłos")
    response = client_for(world.staff).post(
        exit_url(people.enrolment),
        {
            "exited_on": "2026-03-31",
            "reason": "work_sc",
            "employer": bakery.pk,
            "contract_type": "employment",
        },
    )
    assert response.status_code == 200
    assert "Piekarnia Kłos" in str(response.context["form"].errors["employer"])
    people.enrolment.refresh_from_db()
    assert people.enrolment.exited_on is None


def test_a_job_already_recorded_is_opened_instead_of_typed_again(world, people, client_for):
    recorded = job(people.former, world.cooperative, starts_on=datetime.date(2023, 7, 1))
    recorded.save()
    response = client_for(world.staff).get(f"{ADD_JOB}?exit={people.former_enrolment.pk}")
    assert response["Location"] == f"/admin/employment/employment/{recorded.pk}/change/"


def test_an_exit_the_user_may_not_read_fills_in_nothing(world, people, client_for):
    form = (
        client_for(world.manager)
        .get(f"{ADD_JOB}?exit={people.former_enrolment.pk}")
        .context["adminform"]
        .form
    )
    assert "person" not in form.initial
    assert "employer" not in form.initial

"""The staff's admin pages: registering, admitting from the reserve list, recording an exit."""

import datetime

from participants.models import Enrolment, Person, PersonRegistration
from tests.factories.participants import CertificateFactory, make_pesel
from tests.factories.wtz import WorkshopFactory


def add_person_form(world, **overrides):
    return {
        "workshop": world.workshop.pk,
        "first_name": "Ola",
        "last_name": "Nowa",
        "pesel": make_pesel(datetime.date(1995, 7, 1), female=True, serial=42),
        "no_pesel_reason": "",
        "birth_date": "",
        "sex": "",
        "residence": world.gmina.pk,
        "legal_capacity": "full",
        **overrides,
    }


def test_staff_register_a_person_in_the_admin(world, client_for):
    response = client_for(world.staff).post(
        "/admin/participants/person/add/", add_person_form(world)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = Person.objects.get()
    assert person.birth_date == datetime.date(1995, 7, 1)
    assert PersonRegistration.objects.filter(person=person, workshop=world.workshop).exists()


def test_a_known_pesel_in_the_admin_links_the_organisations_record_and_says_so(world, client_for):
    pesel = make_pesel(datetime.date(1995, 7, 1), female=True, serial=42)
    second_workshop = WorkshopFactory(organiser=world.workshop.organiser)
    client_for(world.admin).post(
        "/admin/participants/person/add/",
        add_person_form(world, workshop=second_workshop.pk, pesel=pesel),
    )
    response = client_for(world.staff).post(
        "/admin/participants/person/add/", add_person_form(world, pesel=pesel), follow=True
    )
    assert Person.objects.count() == 1
    assert "ma już dane osoby o tym numerze PESEL" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/{Person.objects.get().pk}/change/")


def test_a_pesel_known_only_elsewhere_is_a_new_record_in_the_admin(world, client_for):
    pesel = make_pesel(datetime.date(1995, 7, 1), female=True, serial=42)
    client_for(world.admin).post(
        "/admin/participants/person/add/",
        add_person_form(world, workshop=world.far_workshop.pk, pesel=pesel),
    )
    response = client_for(world.staff).post(
        "/admin/participants/person/add/",
        add_person_form(world, pesel=pesel, first_name="Wpisana"),
        follow=True,
    )
    ours = Person.objects.get(holder=world.workshop.organiser)
    assert ours.first_name == "Wpisana"
    assert Person.objects.count() == 2
    page = response.content.decode()
    assert "ma już dane osoby" not in page
    assert response.redirect_chain[-1][0].endswith(f"/{ours.pk}/change/")


def test_the_admit_page_proposes_the_next_person_with_the_reason(world, people, client_for):
    CertificateFactory(person=people.candidate, workshop=world.workshop)
    page = client_for(world.staff).get("/admin/participants/waitinglistentry/admit/")
    assert page.status_code == 200
    form = page.context["form"]
    assert form["entry"].initial == people.candidate_entry.pk
    assert "WTZ-03" in page.content.decode()


def test_admitting_from_the_admin_page(world, people, client_for):
    response = client_for(world.staff).post(
        "/admin/participants/waitinglistentry/admit/",
        {
            "workshop": world.workshop.pk,
            "entry": people.candidate_entry.pk,
            "admitted_on": "2025-03-03",
            "room": world.room.pk,
            "certificate_override_reason": "",
        },
    )
    enrolment = Enrolment.objects.get(person=people.candidate)
    assert response.status_code == 302
    assert enrolment.room_assignments.get().room == world.room


def test_a_refused_admission_shows_the_rule_and_saves_nothing(world, people, client_for):
    people.candidate.certificates.all().delete()
    response = client_for(world.staff).post(
        "/admin/participants/waitinglistentry/admit/",
        {
            "workshop": world.workshop.pk,
            "entry": people.candidate_entry.pk,
            "admitted_on": "2025-03-03",
        },
    )
    assert response.status_code == 200
    assert "WTZ-01" in str(response.context["form"].non_field_errors())
    assert not Enrolment.objects.filter(person=people.candidate).exists()


def test_recording_an_exit_to_work_in_the_admin(world, people, client_for):
    url = f"/admin/participants/enrolment/{people.enrolment.pk}/exit/"
    client = client_for(world.staff)
    missing = client.post(url, {"exited_on": "2025-03-31", "reason": "work_sc"})
    assert missing.status_code == 200
    assert "WTZ-15" in str(missing.context["form"].errors["employer"])
    done = client.post(
        url,
        {
            "exited_on": "2025-03-31",
            "reason": "work_sc",
            "employer": world.cooperative.organisation.pk,
            "contract_type": "coop_employment",
        },
    )
    assert done.status_code == 302
    people.enrolment.refresh_from_db()
    assert people.enrolment.exit_reason == "work_sc"


def test_an_application_approved_on_entry_waits_for_a_place(world, people, client_for):
    people.candidate.waiting_list_entries.all().delete()
    response = client_for(world.staff).post(
        "/admin/participants/waitinglistentry/add/",
        {
            "person": people.candidate.pk,
            "organiser": world.workshop.organiser.pk,
            "applied_on": "2025-01-10",
            "approved_on": "2025-01-20",
            "pcpr_reference": "PCPR.1.2025",
        },
    )
    assert response.status_code == 302
    entry = people.candidate.waiting_list_entries.get()
    assert entry.status == "waiting"
    assert entry.pcpr_reference == "PCPR.1.2025"


def test_an_application_with_an_approval_date_but_no_pcpr_reference_is_refused(
    world, people, client_for
):
    people.candidate.waiting_list_entries.all().delete()
    response = client_for(world.staff).post(
        "/admin/participants/waitinglistentry/add/",
        {
            "person": people.candidate.pk,
            "organiser": world.workshop.organiser.pk,
            "applied_on": "2025-01-10",
            "approved_on": "2025-01-20",
            "pcpr_reference": "",
        },
    )
    assert response.status_code == 200
    assert "WTZ-02" in str(response.context["adminform"].form.errors)
    assert not people.candidate.waiting_list_entries.exists()

"""The individual rehabilitation programme: six elements, council approval, signature, print."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from participants import services
from participants.models import Person, ProgrammeGoal
from tests.factories.wtz import StaffAssignmentFactory
from wtz.models import StaffAssignment

D = datetime.date


def complete(version, world):
    version.forms_of_rehabilitation = "Terapia zajęciowa w pracowniach; trening ekonomiczny."
    version.scope_of_rehabilitation = "Samodzielność w kuchni, komunikacja, praca w zespole."
    version.teaching_methods = "Instruktaż, modelowanie, ćwiczenia praktyczne."
    version.family_cooperation = "Spotkania z rodziną raz na kwartał."
    version.planned_effects = "Samodzielne przygotowanie posiłku; praktyka w spółdzielni."
    version.save()
    version.responsible_staff.set(world.workshop.staff_assignments.all())
    ProgrammeGoal.objects.create(version=version, domain="vocational", description="Praktyka.")
    return version


def full_council(world):
    council = list(world.workshop.staff_assignments.all())
    council.append(
        StaffAssignmentFactory(workshop=world.workshop, role=StaffAssignment.Role.PSYCHOLOGIST)
    )
    council.append(
        StaffAssignmentFactory(workshop=world.workshop, role=StaffAssignment.Role.REHAB_SPECIALIST)
    )
    return council


@pytest.mark.rule("WTZ-07")
def test_a_programme_missing_an_element_cannot_be_approved(world, people):
    version = people.programme
    complete(version, world)
    version.family_cooperation = ""
    version.save()
    with pytest.raises(ValidationError) as error:
        services.programme_approve(
            version=version, approved_on=D(2023, 3, 20), council=full_council(world)
        )
    assert error.value.messages[0].startswith("WTZ-07")
    version.refresh_from_db()
    assert version.approved_on is None


@pytest.mark.rule("WTZ-07")
def test_a_programme_without_responsible_staff_cannot_be_approved(world, people):
    version = complete(people.programme, world)
    version.responsible_staff.clear()
    with pytest.raises(ValidationError) as error:
        services.programme_approve(
            version=version, approved_on=D(2023, 3, 20), council=full_council(world)
        )
    assert error.value.messages[0].startswith("WTZ-07")


@pytest.mark.rule("WTZ-11")
def test_a_council_without_a_psychologist_is_warned_about(world, people):
    version = complete(people.programme, world)
    warnings = services.programme_approve(
        version=version,
        approved_on=D(2023, 3, 20),
        council=list(world.workshop.staff_assignments.all()),
    )
    assert len(warnings) == 1
    assert warnings[0].startswith("WTZ-11")
    version.refresh_from_db()
    assert version.approved_on == D(2023, 3, 20)  # a warning, not a refusal


@pytest.mark.rule("WTZ-11")
def test_a_full_council_approves_without_warnings(world, people):
    version = complete(people.programme, world)
    assert (
        services.programme_approve(
            version=version, approved_on=D(2023, 3, 20), council=full_council(world)
        )
        == []
    )


@pytest.mark.rule("DIS-06")
def test_a_fully_incapacitated_participants_guardian_signs_the_programme(world, people):
    person = people.participant
    person.legal_capacity = Person.LegalCapacity.NONE
    person.save()
    version = complete(people.programme, world)
    with pytest.raises(ValidationError):
        services.programme_approve(
            version=version,
            approved_on=D(2023, 3, 20),
            council=full_council(world),
            signed_on=D(2023, 3, 21),
            signed_by="person",
        )
    services.programme_approve(
        version=version,
        approved_on=D(2023, 3, 20),
        council=full_council(world),
        signed_on=D(2023, 3, 21),
        signed_by="representative",
        representative=people.representative,
    )


def test_council_members_come_from_the_participants_workshop(world, people):
    version = complete(people.programme, world)
    stranger = StaffAssignmentFactory(workshop=world.far_workshop)
    with pytest.raises(ValidationError) as error:
        services.programme_approve(
            version=version, approved_on=D(2023, 3, 20), council=[*full_council(world), stranger]
        )
    assert "council" in error.value.message_dict


def test_a_new_version_starts_as_a_copy_of_the_latest(world, people):
    first = complete(people.programme, world)
    services.programme_approve(
        version=first, approved_on=D(2023, 3, 20), council=full_council(world)
    )
    second = services.programme_new_version(programme=first.programme, valid_from=D(2024, 3, 20))
    assert second.number == 2
    assert second.planned_effects == first.planned_effects
    copied = set(second.goals.values_list("description", flat=True))
    assert copied == set(first.goals.values_list("description", flat=True))
    assert "Praktyka." in copied
    assert second.approved_on is None
    assert first.programme.version_in_force(D(2024, 6, 1)) == first  # the draft is not in force


def test_staff_write_approve_and_print_a_programme_in_the_admin(world, people, client_for):
    client = client_for(world.staff)
    version = complete(people.programme, world)
    url = f"/admin/participants/programmeversion/{version.pk}/approve/"
    council = [member.pk for member in full_council(world)]
    response = client.post(url, {"approved_on": "2023-03-20", "council": council})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.is_approved
    page = client.get(f"/admin/participants/programmeversion/{version.pk}/print/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Indywidualny program rehabilitacji" in text
    assert version.planned_effects in text
    assert "<script" not in text


def test_an_approved_version_is_read_only(world, people, client_for):
    version = complete(people.programme, world)
    services.programme_approve(
        version=version, approved_on=D(2023, 3, 20), council=full_council(world)
    )
    page = client_for(world.staff).get(f"/admin/participants/programmeversion/{version.pk}/change/")
    assert "planned_effects" in page.context["adminform"].readonly_fields


def test_starting_a_second_programme_for_the_same_enrolment_adds_a_version(
    world, people, client_for
):
    response = client_for(world.staff).post(
        "/admin/participants/programmeversion/add/",
        {"enrolment": people.enrolment.pk, "valid_from": "2024-03-01"},
    )
    assert response.status_code == 302
    assert people.enrolment.programme.versions.count() == 2

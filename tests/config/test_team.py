"""Managers run their own teams: which accounts they see, which they may change, and how a new
colleague gets an account and a place of work — never a way into someone else's access."""

import datetime

import pytest

from accounts.models import User
from organisations.models import ManagerAssignment
from tests.factories.accounts import UserFactory
from tests.factories.coop import ManagerAssignmentFactory, OfficerAssignmentFactory
from tests.factories.wtz import StaffAssignmentFactory
from wtz.models import StaffAssignment

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"


def inline_management(prefix, rows=()):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def account_form(user, **changes):
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "language": "pl",
        "is_active": "on",
        **changes,
    }


def test_a_wtz_manager_sees_the_workshop_team_and_no_one_else(world):
    elsewhere = UserFactory(username="elsewhere")
    StaffAssignmentFactory(user=elsewhere, workshop=world.far_workshop)
    mine = UserFactory(username="mine", added_by=world.staff)  # added, not placed yet
    visible = set(User.objects.visible_to(world.staff).values_list("username", flat=True))
    # The instructor of the workshop, the manager themselves, and the account they added; not
    # the account someone else added and nobody placed yet.
    assert visible == {"staff", "instructor", "mine"}
    assert mine in User.objects.kept_by(world.staff)
    assert mine not in User.objects.visible_to(world.manager)
    assert not User.objects.visible_to(world.instructor).exists()
    assert not User.objects.visible_to(world.officer).exists()


def test_a_cooperative_manager_sees_the_cooperative_managers(world):
    colleague = UserFactory(username="colleague")
    ManagerAssignmentFactory(user=colleague, cooperative=world.cooperative)
    stranger = UserFactory(username="stranger")
    ManagerAssignmentFactory(user=stranger, cooperative=world.other_cooperative)
    visible = set(User.objects.visible_to(world.manager).values_list("username", flat=True))
    assert visible == {"manager", "colleague"}


def test_an_account_that_opens_anything_else_is_not_the_managers_to_change(world):
    shared = UserFactory(username="shared")
    StaffAssignmentFactory(user=shared, workshop=world.workshop)
    StaffAssignmentFactory(user=shared, workshop=world.far_workshop)
    also_officer = UserFactory(username="also_officer")
    StaffAssignmentFactory(user=also_officer, workshop=world.workshop)
    OfficerAssignmentFactory(user=also_officer, territory=world.powiat)
    moved_on = UserFactory(username="moved_on")  # left the far workshop last year
    StaffAssignmentFactory(user=moved_on, workshop=world.workshop)
    StaffAssignmentFactory(
        user=moved_on,
        workshop=world.far_workshop,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 12, 31),
    )
    kept = set(User.objects.kept_by(world.staff).values_list("username", flat=True))
    assert kept == {"instructor", "moved_on"}
    visible = set(User.objects.visible_to(world.staff).values_list("username", flat=True))
    assert {"shared", "also_officer"} <= visible  # read, not changed


def test_no_manager_sees_an_administrator_even_one_assigned_to_the_workshop(world):
    StaffAssignmentFactory(user=world.admin, workshop=world.workshop)
    assert world.admin not in User.objects.visible_to(world.staff)
    assert world.admin not in User.objects.kept_by(world.staff)


def test_a_wtz_manager_adds_a_colleague_and_places_them_at_the_workshop(world, client_for):
    client = client_for(world.staff)
    response = client.post(
        f"{USERS}add/",
        {
            "username": "nowa.terapeutka",
            "password1": "Zielony-Las-2026",
            "password2": "Zielony-Las-2026",
        },
    )
    new = User.objects.get(username="nowa.terapeutka")
    assert response.status_code == 302
    assert new.added_by == world.staff
    assert response["Location"] == f"{USERS}{new.pk}/change/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "is_superuser" not in page.context["adminform"].form.fields
    prefix = "staff_assignments"
    response = client.post(
        f"{USERS}{new.pk}/change/",
        {
            **account_form(new, first_name="Ewa", last_name="Nowak", is_superuser="on"),
            **inline_management(
                prefix,
                [
                    {
                        "workshop": world.workshop.pk,
                        "role": StaffAssignment.Role.INSTRUCTOR,
                        "works_directly": "on",
                        "fte": "0,5",
                        "starts_on": "2026-01-05",
                    }
                ],
            ),
            **inline_management("cooperative_assignments"),
        },
    )
    assert response.status_code == 302, response.context["errors"]
    new.refresh_from_db()
    assert (new.first_name, new.is_superuser) == ("Ewa", False)
    assignment = new.staff_assignments.get()
    assert (assignment.workshop, assignment.fte) == (world.workshop, pytest.approx(0.5))


def test_a_colleague_cannot_be_placed_at_a_workshop_the_manager_does_not_head(world, client_for):
    client = client_for(world.staff)
    StaffAssignmentFactory(user=world.staff, workshop=world.sibling_workshop)  # works there too
    newcomer = UserFactory(username="newcomer", added_by=world.staff)
    response = client.post(
        f"{USERS}{newcomer.pk}/change/",
        {
            **account_form(newcomer),
            **inline_management(
                "staff_assignments",
                [
                    {
                        "workshop": world.sibling_workshop.pk,
                        "role": StaffAssignment.Role.INSTRUCTOR,
                        "fte": "1",
                        "starts_on": "2026-01-05",
                    }
                ],
            ),
            **inline_management("cooperative_assignments"),
        },
    )
    assert response.status_code == 200
    assert not newcomer.staff_assignments.exists()
    # An account someone else added is not this manager's to open at all.
    assert client.get(f"{USERS}{world.outsider.pk}/change/").status_code == 404


def test_a_manager_resets_a_team_members_password_but_not_an_outsiders(world, client_for):
    client = client_for(world.staff)
    new_password = {"password1": "Nowe-Haslo-Zima-26", "password2": "Nowe-Haslo-Zima-26"}
    url = f"{USERS}{world.instructor.pk}/password/"
    assert client.post(url, {**new_password, "usable_password": "true"}).status_code == 302
    world.instructor.refresh_from_db()
    assert world.instructor.check_password("Nowe-Haslo-Zima-26")
    # The officer's account answers as if there were none; their own, only on the profile page.
    assert client.get(f"{USERS}{world.officer.pk}/password/").status_code == 404
    assert client.get(f"{USERS}{world.staff.pk}/password/").status_code == 403


def test_an_instructor_keeps_no_accounts(world, client_for):
    client = client_for(world.instructor)
    assert client.get(USERS).status_code == 403
    assert client.get(f"{USERS}add/").status_code == 403


def test_a_cooperative_manager_adds_a_colleague_to_the_cooperative(world, client_for):
    client = client_for(world.manager)
    colleague = UserFactory(username="kolega", added_by=world.manager)
    response = client.post(
        f"{USERS}{colleague.pk}/change/",
        {
            **account_form(colleague),
            **inline_management(
                "cooperative_assignments",
                [{"cooperative": world.cooperative.pk, "starts_on": "2026-03-01"}],
            ),
        },
    )
    assert response.status_code == 302
    assert ManagerAssignment.objects.get(user=colleague).cooperative == world.cooperative
    # The other cooperative is not on offer.
    response = client.post(
        f"{USERS}{UserFactory(username='obcy', added_by=world.manager).pk}/change/",
        {
            **account_form(User.objects.get(username="obcy")),
            **inline_management(
                "cooperative_assignments",
                [{"cooperative": world.other_cooperative.pk, "starts_on": "2026-03-01"}],
            ),
        },
    )
    assert response.status_code == 200
    assert not ManagerAssignment.objects.filter(cooperative=world.other_cooperative).exists()

"""Journey: WTZ staff write and approve a participant's programme, log a progress note, take a
room's attendance and record an evaluation — in Polish."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants.models import AttendanceDay, Evaluation, ProgrammeGoal, ProgressNote
from tests.browser.conftest import admitted

pytestmark = pytest.mark.browser


@pytest.fixture
def participant(demo_data):
    workshop = demo_data["workshops"][0]
    room = workshop.rooms.order_by("name").first()
    enrolment = admitted(
        workshop, "Tomasz", "Terapeutyczny", applied=60, approved=50, admitted=30, room=room
    )
    return enrolment, room


def test_staff_write_a_programme_log_a_note_take_attendance_and_evaluate(
    live_server, page, participant, log_in, assert_accessible
):
    enrolment, room = participant
    today = timezone.localdate()
    log_in("staff")

    # The programme: a draft, its six elements and a goal, then the council's approval.
    page.goto(f"{live_server.url}/admin/participants/programmeversion/add/")
    page.locator("#id_enrolment").select_option(str(enrolment.pk))
    expect(page.locator("#id_enrolment option:checked")).to_contain_text("Terapeutyczny Tomasz")
    page.locator("#id_valid_from").fill(today.isoformat())
    page.get_by_role("button", name="Zapisz", exact=True).click()
    for field, text in [
        ("forms_of_rehabilitation", "Terapia w pracowni stolarskiej; trening ekonomiczny."),
        ("scope_of_rehabilitation", "Samodzielność w drodze do warsztatu."),
        ("teaching_methods", "Instruktaż i ćwiczenia praktyczne."),
        ("family_cooperation", "Spotkania z rodziną raz na kwartał."),
        ("planned_effects", "Gotowość do praktyki w spółdzielni."),
    ]:
        page.locator(f"#id_{field}").fill(text)
    page.locator("input[name=responsible_staff]").first.check()
    page.locator("#id_goals-0-domain").select_option(label="rehabilitacja zawodowa")
    page.locator("#id_goals-0-description").fill("Samodzielne szlifowanie deski.")
    page.get_by_role("button", name="Zapisz i kontynuuj edycję").click()
    page.get_by_role("link", name="Zatwierdź").click()
    page.locator("input[name=council]").first.check()
    page.get_by_role("button", name="Zatwierdź").click()
    expect(page.locator(".messagelist")).to_contain_text("Program został zatwierdzony")
    expect(page.locator(".messagelist")).to_contain_text("WTZ-11")  # no psychologist present

    # A progress note in seconds.
    page.goto(f"{live_server.url}/participants/notes/new/")
    expect(page.get_by_role("heading", name="Notatka o postępach")).to_be_visible()
    assert_accessible(page)
    goal = ProgrammeGoal.objects.get(description="Samodzielne szlifowanie deski.")
    page.get_by_role("link", name="Terapeutyczny Tomasz").click()
    expect(page.locator(".chosen-person")).to_contain_text("Terapeutyczny Tomasz")
    assert_accessible(page)
    expect(page.get_by_label("Samodzielne szlifowanie deski.")).to_be_checked()  # the only one
    page.get_by_label("wyraźny postęp").check()
    page.locator("#id_text").fill("Szlifował sam przez godzinę.")
    page.get_by_role("button", name="Zapisz notatkę").click()
    expect(page.locator(".messages")).to_contain_text("Zapisano")

    # The room's register for today.
    page.goto(f"{live_server.url}/participants/attendance/?room={room.pk}&day={today.isoformat()}")
    expect(page.get_by_role("heading", name="Obecność")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Terapeutyczny Tomasz").select_option(label="nieobecność usprawiedliwiona")
    page.get_by_role("button", name="Zapisz listę obecności").click()
    expect(page.locator(".messages")).to_contain_text("Lista obecności została zapisana")

    # A periodic evaluation.
    page.goto(f"{live_server.url}/admin/participants/evaluation/add/?enrolment={enrolment.pk}")
    page.locator("#id_kind").select_option(label="ocena okresowa")
    page.locator("#id_held_on").fill(today.isoformat())
    page.locator("#id_summary").fill("Postępy zgodne z programem.")
    expect(page.locator("#id_goal_ratings-0-goal option:checked")).to_contain_text(
        "Samodzielne szlifowanie deski."
    )
    page.locator("#id_goal_ratings-0-rating").select_option(label="cel osiągnięty")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Terapeutyczny Tomasz")

    assert enrolment.programme.version_in_force(today) is not None
    assert ProgressNote.objects.get(enrolment=enrolment).rating == 4
    assert AttendanceDay.objects.get(enrolment=enrolment, day=today).code == "excused"
    evaluation = Evaluation.objects.get(enrolment=enrolment)
    assert evaluation.kind == "periodic"
    assert list(evaluation.goal_ratings.values_list("goal", "rating")) == [(goal.pk, 5)]

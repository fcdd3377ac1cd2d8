"""Journey: an instructor in the room, on a 390 px phone, writes a progress note and takes the
room's attendance — no sideways scrolling, every control at least 44 px tall — in Polish."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants import services
from participants.models import AttendanceDay, ProgressNote
from tests.browser.conftest import admitted

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def in_the_room(demo_data):
    workshop = demo_data["workshops"][0]
    room = workshop.rooms.order_by("name").first()
    enrolment = admitted(
        workshop, "Ola", "Telefoniczna", applied=90, approved=80, admitted=60, room=room
    )
    version = services.programme_start(enrolment=enrolment, valid_from=enrolment.admitted_on)
    goal = version.goals.create(domain="social", description="Samodzielny dojazd autobusem.")
    version.approved_on = enrolment.admitted_on
    version.save(update_fields=["approved_on"])
    return enrolment, room, goal


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    small = page.evaluate(
        """() => [...document.querySelectorAll(
                  'main select, main input:not([type=hidden]), main button, main fieldset label')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.name || e.textContent.trim(),
                       // a radio's target is its label, which checks it when tapped
                       (e.type === 'radio' && e.labels.length ? e.labels[0] : e)
                         .getBoundingClientRect().height])
            .filter(([, h]) => h < 44)"""
    )
    assert small == []


def test_a_note_and_the_register_from_a_phone(
    live_server, page, in_the_room, log_in, assert_accessible
):
    enrolment, room, goal = in_the_room
    today = timezone.localdate()
    page.set_viewport_size(PHONE)
    log_in("staff")

    page.goto(f"{live_server.url}/participants/notes/new/")
    expect(page.get_by_role("heading", name="Notatka o postępach")).to_be_visible()
    fits_the_phone(page)
    assert_accessible(page)
    page.get_by_role("link", name="Telefoniczna Ola").click()
    expect(page.locator(".chosen-person")).to_contain_text("Telefoniczna Ola")
    fits_the_phone(page)
    assert_accessible(page)
    page.get_by_label(goal.description).check()
    page.get_by_label("wyraźny postęp").check()
    page.locator("#id_text").fill("Dojechała sama.")
    page.get_by_role("button", name="Zapisz notatkę").click()
    expect(page.locator(".messages")).to_contain_text("Zapisano: Telefoniczna Ola")
    expect(page.get_by_role("link", name="Telefoniczna Ola")).to_be_visible()  # the next note

    page.goto(f"{live_server.url}/participants/attendance/?room={room.pk}&day={today.isoformat()}")
    expect(page.get_by_role("heading", name="Obecność")).to_be_visible()
    fits_the_phone(page)
    assert_accessible(page)
    page.get_by_label("Telefoniczna Ola").select_option(label="obecny")
    page.get_by_role("button", name="Zapisz listę obecności").click()
    expect(page.locator(".messages")).to_contain_text("Lista obecności została zapisana")

    assert ProgressNote.objects.get(enrolment=enrolment).rating == 4
    assert AttendanceDay.objects.get(enrolment=enrolment, day=today).code == "present"

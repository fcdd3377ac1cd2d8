"""Journey: the workshop's staff find a person by typing their name without Polish letters in the
search box of any page, and open the person's hub — in Polish, on a phone too."""

import pytest
from playwright.sync_api import expect

from tests.factories.participants import EnrolmentFactory, PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def kaminski(demo_data):
    workshop = demo_data["workshops"][0]
    person = PersonFactory(first_name="Łukasz", last_name="Kamiński", residence=workshop.territory)
    EnrolmentFactory(person=person, workshop=workshop)
    return person


def test_staff_find_a_person_as_they_type_and_open_the_hub(
    live_server, page, kaminski, log_in, assert_accessible
):
    log_in("staff")
    box = page.get_by_role("searchbox", name="Znajdź osobę po nazwisku albo numerze PESEL")
    box.fill("kaminski lukasz")
    box.press("Enter")
    result = page.get_by_role("link", name="Kamiński Łukasz")
    expect(result).to_be_visible()
    assert_accessible(page)
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ścieżka: Łukasz Kamiński")
    records = page.get_by_role("region", name="Zapisy")
    expect(records.get_by_role("link", name="Uczestnictwa")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/search/?q=kaminski")
    expect(page.get_by_role("link", name="Kamiński Łukasz")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

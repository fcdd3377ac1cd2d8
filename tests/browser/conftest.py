"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Playwright cannot download its own browsers here, so the tests use the system Chromium
(``apt-get install chromium``); without it they are skipped with a reason saying so.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.conftest import restore_reference_data

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures in
# that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SCIEZKA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}


def chromium_available() -> bool:
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config, items):
    if chromium_available():
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}: install Debian's chromium to run browser tests"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        path = f"/tmp/browser-failure-{item.name}.png".replace("/", "_").replace("_tmp_", "/tmp/")
        page.screenshot(path=path, full_page=True)
        report.sections.append(("screenshot", path))
    return report


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An English-speaking browser: Ścieżka must still answer in Polish.
    return {**browser_context_args, "locale": "en-GB"}


@pytest.fixture(autouse=True)
def no_content_security_policy_violation(request):
    """Every page a browser test opens, popups included, runs under the Content-Security-Policy
    without a refusal: Chromium reports each refused script, style or image on the console."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    refused = []

    def note(opened, message):
        # A script without an address is one the test evaluated itself: axe-core, run by
        # assert_accessible, writes styles of its own. Every script of ours has an address.
        if "Content Security Policy" in message.text and message.location.get("url"):
            refused.append(f"{opened.url} ({message.location['url']}): {message.text}")

    def listen(opened):
        opened.on("console", lambda message: note(opened, message))

    listen(page)
    page.context.on("page", listen)
    yield
    assert not refused, "\n".join(refused)


@pytest.fixture
def assert_accessible():
    """Runs axe-core on the page; fails on any serious or critical finding."""
    axe = Axe()

    def check(page):
        results = axe.run(page)
        blocking = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} at "
            + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            for violation in results.response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
        assert not blocking, f"{page.url}:\n" + "\n".join(blocking)

    return check


@pytest.fixture
def demo_data(transactional_db):
    """The demo's places and accounts, without its three years of people (it saves seconds)."""
    from django.utils import timezone

    from config import demo

    restore_reference_data()
    return demo.seed(scale="demo", today=timezone.localdate(), with_history=False)


@pytest.fixture
def log_in(live_server, page):
    def log_in_as(username):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Nazwa użytkownika").fill(username)
        page.get_by_label("Hasło").fill("demo")
        page.get_by_role("button", name="Zaloguj się").click()
        return page

    return log_in_as


def admitted(workshop, first_name, last_name, *, applied, approved, admitted, room=None):
    """A person registered at ``workshop`` with a certificate, who applied, was approved and was
    admitted the given numbers of days ago: the participation."""
    import datetime

    from django.utils import timezone

    from participants import services
    from tests.factories.participants import (
        CertificateFactory,
        PersonFactory,
        RegistrationFactory,
    )

    today = timezone.localdate()
    person = PersonFactory(first_name=first_name, last_name=last_name, residence=workshop.territory)
    RegistrationFactory(person=person, workshop=workshop)
    CertificateFactory(person=person, workshop=workshop)
    entry = services.reserve_list_apply(
        person=person,
        organiser=workshop.organiser,
        applied_on=today - datetime.timedelta(days=applied),
    )
    services.reserve_list_approve(
        entry=entry,
        approved_on=today - datetime.timedelta(days=approved),
        pcpr_reference=f"PCPR.{person.pk}",
    )
    return services.enrolment_admit(
        entry=entry,
        workshop=workshop,
        admitted_on=today - datetime.timedelta(days=admitted),
        room=room,
    )


def choose(page, field_id, typed, option=None):
    """In the admin's searching select ``field_id``: type ``typed``, pick the result that reads
    ``option`` (a text or a pattern; by default, what was typed)."""
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    # The list first shows the unfiltered results; wait for the answer to what was typed, so that
    # the click cannot land on an option the filtered list is about to replace.
    with page.expect_response(
        lambda response: "autocomplete" in response.url and "term=" in response.url
    ):
        page.locator(".select2-container--open .select2-search__field").fill(typed)
    expect(page.locator(".select2-results__option.loading-results")).to_have_count(0)
    wanted = option or typed
    if isinstance(wanted, str):
        page.locator(".select2-results__option", has_text=wanted).first.click()
    else:
        page.get_by_role("option", name=wanted).click()

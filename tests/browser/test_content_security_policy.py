"""Every kind of page runs under the Content-Security-Policy without a refusal: the sign-in page,
the home page, an admin list, form and history, a to-do group, a person's path, the attendance
grid, the reports with their charts, the public report, the API's documentation and the error
pages. The autouse fixture of the browser tests fails a test on any refused script, style or
image; here each page is also checked for the header and for having drawn its content."""

import pytest
from playwright.sync_api import expect

from reports.models import PublicReport
from tests.browser.conftest import admitted

pytestmark = pytest.mark.browser


def test_every_kind_of_page_runs_under_the_policy(live_server, page, demo_data, log_in):
    workshop = demo_data["workshops"][0]
    enrolment = admitted(workshop, "Marta", "Polityczna", applied=90, approved=80, admitted=60)
    person = enrolment.person
    PublicReport.objects.create(territory=demo_data["officer_powiat"])

    answer = page.goto(f"{live_server.url}/accounts/login/")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert "camera=()" in answer.headers["permissions-policy"]
    log_in("admin")
    pages = {
        "/": "h1",
        "/admin/participants/person/": "#result_list",
        "/admin/participants/person/add/": "#person_form",
        f"/admin/participants/person/{person.pk}/change/": "#person_form",
        f"/admin/participants/person/{person.pk}/history/": "#content",
        "/admin/todo/overdue/": "#content",
        f"/participants/{person.pk}/path/": "main",
        "/participants/attendance/": "main",
        "/reports/": "canvas",
        f"/reports/public/{demo_data['officer_powiat'].code}/": "main",
        "/accounts/profile/": "main",
        "/api/docs/": ".swagger-ui .info",
        "/admin/no-such-page/": "h1",
    }
    for path, drawn in pages.items():
        answer = page.goto(f"{live_server.url}{path}")
        policy = answer.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy, path
        assert "unsafe-inline" not in policy, path
        expect(page.locator(drawn).first).to_be_visible()
        if path == "/api/docs/":  # drawn by its own script from the schema, none inline
            expect(page.locator(".swagger-ui .info")).to_contain_text("Ścieżka API")

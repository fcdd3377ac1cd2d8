import pytest

from tests.factories.wtz import ContractedPlacesFactory, WorkshopFactory


def test_the_officer_sees_the_workshops_of_their_powiat_and_nothing_else(client_for, world):
    response = client_for(world.officer).get("/reports/")
    assert response.status_code == 200
    report = response.context["report"]
    names = [workshop.name for group in report.powiats for workshop in group.workshops]
    assert names == ["WTZ Czarnków", "WTZ Trzcianka"]
    assert report.places == 60
    page = response.content.decode()
    assert "WTZ Rakoniewice" not in page
    assert "czarnkowsko-trzcianecki" in page


def test_places_follow_the_contract_in_force_today(client_for, world):
    ContractedPlacesFactory(workshop=world.workshop, starts_on="2024-01-01", places=35)
    ContractedPlacesFactory(workshop=world.workshop, starts_on="2999-01-01", places=99)
    report = client_for(world.officer).get("/reports/").context["report"]
    assert report.places == 35 + 30


def test_the_report_names_no_person(client_for, world):
    page = client_for(world.officer).get("/reports/").content.decode()
    for user in (world.staff, world.instructor, world.manager):
        assert user.last_name not in page


def test_an_administrator_sees_every_territory(client_for, world):
    report = client_for(world.admin).get("/reports/").context["report"]
    assert report.workshop_count == 3


def test_above_a_powiat_the_workshops_are_counted_by_the_unit_below(client_for, world):
    """A voivodeship's (or the country's) page counts the workshops and places of each unit one
    level below it; a powiat's lists each workshop; a gmina's only its own."""
    ContractedPlacesFactory(workshop=world.far_workshop, starts_on="2024-01-01", places=42)
    client = client_for(world.admin)
    answer = client.get("/reports/?territory=30")
    report = answer.context["report"]
    assert [(unit.unit.code, unit.workshop_count, unit.places) for unit in report.units] == [
        ("3002", 2, 60),
        ("3005", 1, 42),
    ]
    assert report.powiats == []
    page = answer.content.decode()
    assert "WTZ Rakoniewice" not in page  # no workshop named: its powiat's total only
    assert 'data-label="Zakontraktowane miejsca">42</td>' in page
    powiat = client.get("/reports/?territory=3005").context["report"]
    assert [w.name for group in powiat.powiats for w in group.workshops] == ["WTZ Rakoniewice"]
    assert powiat.units == []
    gmina = client.get(f"/reports/?territory={world.gmina.code}").context["report"]
    assert gmina.workshop_count == 2


@pytest.mark.parametrize("role", ["instructor", "outsider"])
def test_who_heads_no_workshop_and_runs_no_cooperative_may_not_open_reports(
    client_for, world, role
):
    assert client_for(getattr(world, role)).get("/reports/").status_code == 403


@pytest.mark.parametrize("extra_rows", [0, 49])
def test_the_workshops_table_grows_without_more_queries(client_for, world, extra_rows):
    for _ in range(extra_rows):
        WorkshopFactory(territory=world.gmina)
    report = client_for(world.officer).get("/reports/").context["report"]
    assert report.workshop_count == 2 + extra_rows


def test_a_name_cannot_break_out_of_the_print_footer():
    from reports.views import css_string

    assert css_string('a"b\\c</style><script>') == "a\\22 b\\5c c\\3c /style\\3e \\3c script\\3e "
    assert css_string("Gmina Czarnków") == "Gmina Czarnków"


def test_the_print_foot_is_a_style_sheet_that_no_text_breaks_out_of(client):
    answer = client.get("/reports/print-foot.css", {"foot": 'Gmina "X"} body { color: red'})
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/css; charset=utf-8"
    assert answer.content.decode() == (
        '@page { @bottom-left { content: "Gmina \\22 X\\22 } body { color: red"; '
        "font-size: 8pt; } }\n"
    )
    long = client.get("/reports/print-foot.css", {"foot": "x" * 1000}).content.decode()
    assert long.count("x") == 300


def test_a_report_page_links_its_print_foot_and_holds_no_inline_style(world, client_for):
    page = client_for(world.officer).get("/reports/").content.decode()
    assert "<style" not in page
    assert "/reports/print-foot.css?foot=" in page

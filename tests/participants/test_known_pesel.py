"""Registering a PESEL another organisation holds: the answer is the answer for a new PESEL, and
nothing that organisation (or the cooperative, on its record) keeps becomes visible — in any API
endpoint or admin page."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from config.api import router
from employment import services as employment_services
from employment.models import Placement
from participants import services
from participants.models import Consent, Person, Readiness, Referral
from tests.employment.conftest import facts, job
from tests.factories.participants import (
    CertificateFactory,
    ConsentFactory,
    EnrolmentFactory,
    RepresentativeFactory,
    make_pesel,
)

pytestmark = pytest.mark.django_db

D = datetime.date
PESEL = make_pesel(D(1990, 4, 12), female=True, serial=314)


def typed(world, pesel=PESEL, **fields):
    return {
        "first_name": "Wpisana",
        "last_name": "Przezemnie",
        "pesel": pesel,
        "residence": world.gmina.pk,
        "legal_capacity": "full",
        "workshop": world.workshop.pk,
        **fields,
    }


@pytest.fixture
def theirs(world):
    """Everything the far workshop's organisation, and the cooperative on its record, keep about
    one person: identity, a guardian, a certificate, consents, the participation, the programme,
    a referral, a job with the wage, its follow-ups and an internship."""
    person, _ = services.person_register(
        workshop=world.far_workshop,
        on=D(2023, 1, 2),
        pesel=PESEL,
        first_name="Prawdziwa",
        last_name="Zapisana",
        residence=world.other_gmina,
        legal_capacity=Person.LegalCapacity.NONE,
    )
    RepresentativeFactory(person=person, decision_reference="III RNs 77/19")
    CertificateFactory(person=person, workshop=world.far_workshop)
    sharing = ConsentFactory(person=person, workshop=world.far_workshop, signed_by="person")
    ConsentFactory(person=person, workshop=world.far_workshop, purpose=Consent.Purpose.CONTACT)
    enrolment = EnrolmentFactory(person=person, workshop=world.far_workshop)
    services.programme_start(enrolment=enrolment, valid_from=D(2023, 3, 15))
    readiness = Readiness.objects.create(
        enrolment=enrolment, decided_on=D(2024, 1, 5), skills_summary="Dokładna."
    )
    referral = Referral.objects.create(
        person=person,
        workshop=world.far_workshop,
        cooperative=world.cooperative,
        consent=sharing,
        readiness=readiness,
        referred_on=D(2024, 2, 1),
    )
    employment_services.placement_record(
        Placement(
            kind=Placement.Kind.INTERNSHIP,
            person=person,
            cooperative=world.cooperative,
            referral=referral,
            host=world.cooperative.organisation,
            supervisor="Ewa Lis",
            weekly_hours=Decimal(20),
            starts_on=D(2024, 3, 1),
            ends_on=D(2024, 8, 31),
        ),
        by=world.manager,
    )
    employment_services.employment_hire(
        job(person, world.cooperative, monthly_wage=Decimal("5123.45")),
        facts=facts("moderate"),
        by=world.manager,
    )
    return person


def person_id_of(obj):
    path = type(obj).person_path
    if path == "pk":
        return obj.pk
    for step in path.split("__"):
        obj = getattr(obj, step)
    return obj.pk


def their_records(person):
    """Every row, of every model with a person, that is about ``person``: by model."""
    records = {}
    for model in {viewset.queryset.model for _p, viewset, _b in router.registry} | set(
        admin.site._registry
    ):
        path = getattr(model, "person_path", None)
        if path is None:
            continue
        lookup = "pk" if path == "pk" else path
        rows = set(
            model._default_manager.filter(**{lookup: person.pk}).values_list("pk", flat=True)
        )
        if rows:
            records[model] = rows
    return records


def test_a_known_pesel_gets_the_answer_a_new_one_gets(world, theirs, api_for):
    api = api_for(world.staff)
    known = api.post("/api/v1/persons/", typed(world), format="json")
    new_pesel = make_pesel(D(1990, 4, 12), female=True, serial=315)
    new = api.post("/api/v1/persons/", typed(world, pesel=new_pesel), format="json")
    assert known.status_code == new.status_code == 201
    assert known.json().keys() == new.json().keys()
    body = known.json()
    assert body["id"] != theirs.pk
    assert (body["first_name"], body["last_name"]) == ("Wpisana", "Przezemnie")
    assert body["residence"] == world.gmina.pk
    assert body["legal_capacity"] == "full"
    assert body["holder"] == world.workshop.organiser.pk
    theirs.refresh_from_db()
    assert (theirs.first_name, theirs.legal_capacity) == ("Prawdziwa", "none")


def test_a_known_pesel_with_bad_input_is_refused_like_a_new_one(world, theirs, api_for):
    api = api_for(world.staff)
    bad = {"first_name": "", "residence": None}
    known = api.post("/api/v1/persons/", typed(world, **bad), format="json")
    new_pesel = make_pesel(D(1990, 4, 12), female=True, serial=315)
    new = api.post("/api/v1/persons/", typed(world, pesel=new_pesel, **bad), format="json")
    assert known.status_code == new.status_code == 400
    assert known.json() == new.json()


def test_registering_a_known_pesel_unlocks_no_endpoint_and_no_admin_page(
    world, theirs, api_for, client_for
):
    records = their_records(theirs)
    # The fixture really holds a record of each kind the finding names.
    names = {model._meta.model_name for model in records}
    assert {"person", "representative", "employment", "placement", "followup"} <= names
    api = api_for(world.staff)
    assert api.post("/api/v1/persons/", typed(world), format="json").status_code == 201

    for prefix, viewset, _basename in router.registry:
        model = viewset.queryset.model
        theirs_here = records.get(model, set())
        listed = api.get(f"/api/v1/{prefix}/")  # the world is smaller than a page
        if listed.status_code == 200:
            shown = {row["id"] for row in listed.json()["results"]}
            assert not shown & theirs_here, prefix
            filtered = api.get(f"/api/v1/{prefix}/", {"person": theirs.pk})
            if filtered.status_code == 200 and getattr(model, "person_path", "pk") != "pk":
                assert filtered.json()["count"] == 0, prefix
        for pk in theirs_here:
            assert api.get(f"/api/v1/{prefix}/{pk}/").status_code in (403, 404), (prefix, pk)

    pages = client_for(world.staff)
    for model, pks in records.items():
        if model not in admin.site._registry:
            continue
        info = model._meta.app_label, model._meta.model_name
        changelist = pages.get(reverse("admin:{}_{}_changelist".format(*info)))
        for pk in pks:
            url = reverse("admin:{}_{}_change".format(*info), args=[pk])
            assert pages.get(url).status_code in (403, 404), url
            if changelist.status_code == 200:
                assert url not in changelist.content.decode(), url
    home = pages.get("/admin/").content.decode()
    assert "Prawdziwa" not in home
    assert "Zapisana" not in home

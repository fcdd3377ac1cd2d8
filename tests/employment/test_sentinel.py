"""The cooperative's manager never sees the workshop's health data: a sentinel planted in every
health field of the demo data appears in no page and no API answer the manager gets."""

import datetime

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client

from accounts.models import User
from config import demo
from employment.models import Candidate, Employment, FollowUp, HoursWaiver, Placement
from participants.models import (
    CauseSymbol,
    DisabilityCertificate,
    Evaluation,
    GoalRating,
    Indication,
    ProgrammeGoal,
    ProgrammeVersion,
    ProgressNote,
)
from tests.config.test_permission_matrix import all_routes, concrete_url

SENTINEL = "ZZSENTINELZZ"
TODAY = datetime.date(2026, 11, 27)
HEALTH_FIELDS = {
    CauseSymbol: ["name"],
    Indication: ["name"],
    DisabilityCertificate: ["number", "issuing_board"],
    ProgrammeVersion: [
        "forms_of_rehabilitation",
        "scope_of_rehabilitation",
        "teaching_methods",
        "family_cooperation",
        "planned_effects",
    ],
    ProgrammeGoal: ["description", "in_own_words"],
    Evaluation: ["summary", "council_decision"],
    GoalRating: ["comment"],
    ProgressNote: ["text"],
}


@pytest.fixture(scope="module")
def planted(django_db_setup, django_db_blocker):
    """The demo with a sentinel in every health field, in a transaction rolled back after the
    module."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.seed(scale="demo", today=TODAY)
        for model, fields in HEALTH_FIELDS.items():
            for obj in model.objects.all():
                for name in fields:
                    setattr(obj, name, f"{SENTINEL}{obj.pk}")
                obj.save(update_fields=fields)
        yield
        transaction.set_rollback(True)


def manager_objects(manager) -> dict:
    """For each model, the row the manager would most plausibly open: their own where the model
    is theirs, otherwise any (which answers 403 or 404)."""
    objects = {
        model._meta.label_lower: model._default_manager.order_by("pk").first()
        for model in apps.get_models()
    }
    objects.update(
        {
            "employment.employment": Employment.objects.visible_to(manager).first(),
            "employment.placement": Placement.objects.visible_to(manager).first(),
            "employment.followup": FollowUp.objects.visible_to(manager).first(),
            "employment.hourswaiver": HoursWaiver.objects.visible_to(manager).first(),
            "employment.candidate": Candidate.objects.visible_to(manager).first(),
            "employment.disabilityfacts": Employment.objects.visible_to(manager)
            .first()
            .disability_facts.first(),
            # The path of the employee whose way went through the workshop and a practice.
            "participants.person": Employment.objects.visible_to(manager)
            .filter(person__placements__kind="practice")
            .first()
            .person,
        }
    )
    return objects


def test_no_page_or_answer_given_to_the_manager_holds_health_data(planted, db):
    manager = User.objects.get(username="manager")
    client = Client()
    client.force_login(manager)
    objects = manager_objects(manager)
    assert all(objects[label] for label in ("employment.candidate", "employment.employment"))
    pages = 0
    for route in sorted(all_routes()):
        try:
            url = concrete_url(route, objects)
        except AttributeError:
            continue  # a kind of record the demo has none of
        response = client.get(url)
        if response.status_code == 200:
            pages += 1
        body = b"".join(response) if response.streaming else response.content
        assert SENTINEL.encode() not in body, url
    assert pages > 40  # the manager's own pages were read, not only refusals


def test_the_sentinels_are_where_the_workshops_staff_read_them(planted, db):
    staff = User.objects.get(username="staff")
    client = Client()
    client.force_login(staff)
    version = ProgrammeVersion.objects.visible_to(staff).first()
    page = client.get(f"/admin/participants/programmeversion/{version.pk}/change/")
    assert SENTINEL.encode() in page.content

"""Keeping stored figures in step (``reports.stored``): a saved or deleted record the reports count
marks its voivodeship changed and, once the change is committed, queues its refresh. Only where
figures are stored (REPORTS_STORED_FIGURES): a small instance counts live and needs none of it."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save, pre_delete

from common.signals import records_changed
from coop.models import PersonMembership, SocialStatus
from employment.models import DisabilityFacts, Employment, Placement
from organisations.models import Cooperative, Organisation
from participants.models import Enrolment, Person, Readiness, Vacancy, WaitingListEntry
from reports import stored
from wtz.models import Workshop

COUNTED = (
    Enrolment,
    Vacancy,
    WaitingListEntry,
    Readiness,
    Person,
    Placement,
    Employment,
    DisabilityFacts,
    SocialStatus,
    PersonMembership,
    Workshop,
    Organisation,
    Cooperative,
)


def changed(model, pks) -> None:
    if not settings.REPORTS_STORED_FIGURES:
        return
    roots = stored.roots_of(model, pks)
    if roots:
        # The country's medians and balance count the record too, where they are stored.
        transaction.on_commit(lambda: _queue(roots | {stored.COUNTRY}))


def _queue(roots: set[str]) -> None:
    from reports.tasks import refresh_figures

    for root in stored.mark_changed(roots):
        refresh_figures.enqueue(root=root)


def _saved(sender, instance, **kwargs):
    changed(sender, [instance.pk])


def _deleting(sender, instance, **kwargs):
    changed(sender, [instance.pk])  # before the row is gone: where it counted


def _bulk(sender, pks, **kwargs):
    if sender in COUNTED:
        changed(sender, pks)


def connect() -> None:
    for model in COUNTED:
        post_save.connect(_saved, sender=model, dispatch_uid=f"reports-saved-{model.__name__}")
        pre_delete.connect(
            _deleting, sender=model, dispatch_uid=f"reports-deleting-{model.__name__}"
        )
    records_changed.connect(_bulk, dispatch_uid="reports-bulk")

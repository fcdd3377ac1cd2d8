"""Background work of the reports (django-tasks, ``manage.py db_worker``): refreshing a
voivodeship's stored figures, or the country's, after a record they count has changed."""

from django.utils import timezone
from django_tasks import task

from organisations.models import Territory
from reports import stored


@task()
def refresh_figures(*, root: str) -> None:
    if root == stored.COUNTRY:
        stored.refresh_country(timezone.localdate())
        return
    territory = Territory.objects.filter(code=root, level=Territory.Level.VOIVODESHIP).first()
    if territory is not None:
        stored.refresh(territory, timezone.localdate())

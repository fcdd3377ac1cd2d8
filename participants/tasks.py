"""Background work (django-tasks): a large import file is checked and imported by the task
worker (``manage.py db_worker``), not by the web process, so no request waits for it.

A task's arguments are stored in the database in clear, so they carry references only: the
run's id, the user's id and the session's note of the waiting file (its random name, the
workshop's id and the file's digest). The rows themselves are read from the encrypted file
(``pending_imports``), and the state and result go back encrypted (``import_runs``).
"""

from django.contrib.auth import get_user_model
from django.utils import translation
from django_tasks import task

from participants import import_runs, imports, pending_imports
from participants.access import log_person_ids_for
from participants.models import AccessLog
from wtz.models import Workshop


@task()
def run_import(*, run: str, user_id: int, pending: dict, commit: bool, language: str, where: str):
    user = get_user_model().objects.get(pk=user_id)
    state = import_runs.update(run, user_id=user_id, status=import_runs.RUNNING)
    rows = pending_imports.read(pending, user=user)
    workshop = Workshop.objects.filter(pk=pending.get("workshop")).select_related("organiser")
    workshop = workshop.first()
    if state is None or rows is None or workshop is None:
        import_runs.update(run, user_id=user_id, status=import_runs.FAILED)
        pending_imports.discard(pending)
        return

    def progress(done: int, total: int) -> None:
        import_runs.update(run, user_id=user_id, done=done, total=total)

    with translation.override(language):
        result = imports.import_participants(
            workshop=workshop, rows=rows, by=user, commit=commit, progress=progress
        )
    log_person_ids_for(
        user, where, [row.known_person_id for row in result.rows], kind=AccessLog.Kind.IMPORT
    )
    if commit or not result.is_valid:
        # Imported or refused, the file is done with: a refused one is offered no import.
        pending_imports.discard(pending)
    import_runs.finish(run, user_id=user_id, result=result)

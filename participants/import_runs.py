"""A large import runs in the background (a django-tasks task, ``participants.tasks``); its
state — queued, how many rows are done, the result — is kept here for the user who started it.

Like the rows waiting for confirmation (``pending_imports``), the state holds names and errors,
so it goes to the private storage encrypted with the user's key, in a folder named by a keyed
hash of the user's id: another user neither finds nor opens it (the page answers 404). Each
report of progress is a new file written before the older one is deleted, so a reader always
finds a whole one. A run's files are deleted with the stale checks, after an hour.
"""

import json
import re
import secrets
import time

from cryptography.fernet import InvalidToken
from django.core.files.base import ContentFile
from django.utils.crypto import salted_hmac

from participants.imports import ImportResult, RowResult
from participants.pending_imports import MAX_AGE_SECONDS, _fernet
from participants.storage import private_storage

FOLDER = "import-runs"
_RUN = re.compile(r"^\d{10,12}-[0-9a-f]{32}$")
_FILE = re.compile(r"^(?P<run>\d{10,12}-[0-9a-f]{32})-(?P<step>\d{6})\.bin$")

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
CHECK, IMPORT = "check", "import"


def _folder(user_id: int) -> str:
    return f"{FOLDER}/{salted_hmac('participants.import_runs', str(user_id)).hexdigest()[:24]}"


def _steps(user_id: int, run: str) -> list[tuple[int, str]]:
    try:
        _folders, names = private_storage().listdir(_folder(user_id))
    except FileNotFoundError:
        return []
    found = [(int(match["step"]), name) for name in names if (match := _FILE.match(name))]
    return sorted(step for step in found if step[1].startswith(run + "-"))


def start(*, user, workshop, kind: str, total: int, pending: dict | None = None) -> str:
    """A new run, queued; returns its id (what the task and the page are given)."""
    run = f"{int(time.time())}-{secrets.token_hex(16)}"
    state = {
        "run": run,
        "user": user.pk,
        "workshop": workshop.pk,
        "workshop_name": str(workshop),
        "kind": kind,
        "status": QUEUED,
        "done": 0,
        "total": total,
        "rows": [],
        "saved": False,
        "token": (pending or {}).get("token", ""),
        "started": int(time.time()),
    }
    _write(user.pk, run, state, step=0)
    return run


def _write(user_id: int, run: str, state: dict, step: int) -> None:
    sealed = _fernet_for(user_id).encrypt(json.dumps(state).encode())
    storage = private_storage()
    storage.save(f"{_folder(user_id)}/{run}-{step:06d}.bin", ContentFile(sealed))
    for older, name in _steps(user_id, run):
        if older < step:
            storage.delete(f"{_folder(user_id)}/{name}")


class _User:
    def __init__(self, pk):
        self.pk = pk


def _fernet_for(user_id: int):
    return _fernet(_User(user_id))


def read(run: str, *, user) -> dict | None:
    """The run's newest whole state, for ``user`` only; None when it is not theirs or gone."""
    if not _RUN.match(run or ""):
        return None
    storage = private_storage()
    for _step, name in reversed(_steps(user.pk, run)):
        try:
            with storage.open(f"{_folder(user.pk)}/{name}", "rb") as stored:
                state = json.loads(_fernet_for(user.pk).decrypt(stored.read()))
        except (OSError, InvalidToken, ValueError):
            continue  # being written or already replaced: the one before it is whole
        if state.get("user") == user.pk and state.get("run") == run:
            return state
    return None


def update(run: str, *, user_id: int, **changes) -> dict | None:
    state = read(run, user=_User(user_id))
    if state is None:
        return None
    state.update(changes)
    step = (_steps(user_id, run) or [(0, "")])[-1][0] + 1
    _write(user_id, run, state, step)
    return state


def finish(run: str, *, user_id: int, result: ImportResult) -> None:
    update(
        run,
        user_id=user_id,
        status=DONE,
        done=len(result.rows),
        saved=result.saved,
        rows=[[r.line, r.name, r.errors, r.known_person_id] for r in result.rows],
    )


def result_of(state: dict) -> ImportResult | None:
    if state["status"] != DONE:
        return None
    rows = [RowResult(line, name, errors, known) for line, name, errors, known in state["rows"]]
    return ImportResult(rows, saved=state["saved"])


def recent(user) -> list[dict]:
    """The user's runs of the last hour, newest first."""
    try:
        _folders, names = private_storage().listdir(_folder(user.pk))
    except FileNotFoundError:
        return []
    runs = {match["run"] for name in names if (match := _FILE.match(name))}
    states = [state for run in runs if (state := read(run, user=user)) is not None]
    return sorted(states, key=lambda state: state["started"], reverse=True)


def discard_stale(now: float | None = None) -> int:
    """Deletes every run's files older than an hour (the age is in their names)."""
    storage = private_storage()
    now = time.time() if now is None else now
    try:
        folders, _names = storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    discarded = 0
    for folder in folders:
        for name in storage.listdir(f"{FOLDER}/{folder}")[1]:
            match = _FILE.match(name)
            if match and now - int(match["run"].split("-")[0]) > MAX_AGE_SECONDS:
                storage.delete(f"{FOLDER}/{folder}/{name}")
                discarded += 1
    return discarded

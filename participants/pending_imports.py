"""A checked import file waiting for its confirmation, kept on the server and encrypted.

Between the dry run and the confirmation the rows (names, PESELs, certificates) must be kept
somewhere; the session is the wrong place — it lives in the database or a cache with everything
else about the sign-in, and it outlives the wait. So the rows go to the private storage,
encrypted with a key derived from SECRET_KEY and the user's id, under a random name; the session
keeps only that name (the token), the workshop and a digest of the stored file. Another user's
key does not open the file, an hour-old file does not open at all, and the file is deleted when
it is imported, when the user checks another file, and once it is an hour old
(`discard_stale`, run on every check and by the daily `send_digest`).
"""

import base64
import hashlib
import hmac
import json
import re
import secrets
import time

from cryptography.fernet import Fernet, InvalidToken
from django.core.files.base import ContentFile
from django.utils.crypto import salted_hmac

from participants.imports import SheetRow
from participants.storage import private_storage

FOLDER = "pending-imports"
MAX_AGE_SECONDS = 60 * 60
_NAME = re.compile(r"^(?P<created>\d{10,12})-[0-9a-f]{32}$")


def _fernet(user) -> Fernet:
    key = salted_hmac("participants.pending_imports", str(user.pk), algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _path(token: str) -> str:
    return f"{FOLDER}/{token}.bin"


def keep(rows: list[SheetRow], *, user, workshop) -> dict:
    """Stores the checked rows for `user` and returns what the session may hold: the token,
    the workshop's id and the stored file's digest — nothing read from the file."""
    payload = json.dumps(
        {
            "user": user.pk,
            "workshop": workshop.pk,
            "rows": [[row.line, row.values] for row in rows],
        }
    ).encode()
    sealed = _fernet(user).encrypt(payload)
    token = f"{int(time.time())}-{secrets.token_hex(16)}"
    private_storage().save(_path(token), ContentFile(sealed))
    return {
        "token": token,
        "workshop": workshop.pk,
        "digest": hashlib.sha256(sealed).hexdigest(),
    }


def read(pending: dict, *, user) -> list[SheetRow] | None:
    """The rows kept under the session's `pending` for `user`, or None when they are gone,
    older than an hour, altered, or kept for somebody else."""
    token = pending.get("token") or ""
    if not _NAME.match(token):
        return None
    storage = private_storage()
    try:
        with storage.open(_path(token), "rb") as stored:
            sealed = stored.read()
    except OSError:  # gone: imported, replaced or cleared away
        return None
    digest = hashlib.sha256(sealed).hexdigest()
    if not hmac.compare_digest(digest, str(pending.get("digest", ""))):
        return None
    try:
        payload = json.loads(_fernet(user).decrypt(sealed, ttl=MAX_AGE_SECONDS))
    except InvalidToken:
        return None
    if payload.get("user") != user.pk or payload.get("workshop") != pending.get("workshop"):
        return None
    return [SheetRow(line, values) for line, values in payload["rows"]]


def discard(pending: dict | None) -> None:
    """Deletes the file the session's `pending` names, if it is still there."""
    token = (pending or {}).get("token") or ""
    if _NAME.match(token):
        private_storage().delete(_path(token))


def discard_stale(now: float | None = None) -> int:
    """Deletes every kept file older than an hour (the age is in its name); returns how many."""
    storage = private_storage()
    now = time.time() if now is None else now
    try:
        _folders, names = storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    discarded = 0
    for name in names:
        match = _NAME.match(name.removesuffix(".bin"))
        if match and now - int(match["created"]) > MAX_AGE_SECONDS:
            storage.delete(f"{FOLDER}/{name}")
            discarded += 1
    return discarded

"""Private file storage: documents with health or personal data are never served from a public
URL; a scoped view streams them to the staff who may see them. The backend is the "private" entry
of STORAGES, so several app servers can share one (network or object) store."""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]

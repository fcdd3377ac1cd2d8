"""Private files (certificate scans, doctors' consents) live exactly as long as the record that
names them: a file replaced by another, or whose record is deleted, is deleted from the storage.
The history copies keep no file name, so nothing else could ever open such a file, and an
anonymised person's old scans must not outlive them."""

from django.db import models
from django.db.models.signals import post_delete, pre_save


def _file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _delete_replaced(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    fields = _file_fields(sender)
    before = (
        sender._base_manager.filter(pk=instance.pk).values(*(f.attname for f in fields)).first()
    )
    if before is None:
        return
    for model_field in fields:
        old = before[model_field.attname]
        if old and old != getattr(instance, model_field.attname).name:
            model_field.storage.delete(old)


def _delete_with_record(sender, instance, **kwargs):
    for model_field in _file_fields(sender):
        stored = getattr(instance, model_field.attname)
        if stored:
            model_field.storage.delete(stored.name)


def delete_files_with_their_records(model) -> None:
    """Connects the clean-up for ``model``'s file fields (call from the app's ``ready``)."""
    uid = f"files:{model._meta.label}"
    pre_save.connect(_delete_replaced, sender=model, dispatch_uid=uid)
    post_delete.connect(_delete_with_record, sender=model, dispatch_uid=uid)

"""Signals every app may send and any app above may hear."""

from django.dispatch import Signal

# Rows written in bulk (``bulk_create``, ``update``), which send no ``post_save``: the model as the
# sender, ``pks`` the primary keys of the rows written.
records_changed = Signal()

"""Fills the search key of the people registered before it existed. The folding is copied here as
it was written, so that this migration keeps its meaning whatever later code does."""

import unicodedata

from django.db import migrations

WHOLE_LETTERS = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "ß": "ss"})


def fold(text):
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(WHOLE_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def fill(apps, schema_editor):
    person = apps.get_model("participants", "Person")
    people = list(person.objects.only("pk", "first_name", "last_name", "pesel"))
    for one in people:
        one.search_key = fold(f"{one.last_name} {one.first_name} {one.pesel or ''}")
    person.objects.bulk_update(people, ["search_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("participants", "0005_person_search_key")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

"""Each person's record is held by one organisation: the organiser of the workshop that first
registered, listed or admitted them, or the cooperative that employs them (its own staff)."""

from django.db import migrations


def fill_person_holders(apps, schema_editor):
    Person = apps.get_model("participants", "Person")
    sources = [
        (apps.get_model("participants", "PersonRegistration"), "workshop__organiser", "registered_on"),
        (apps.get_model("participants", "Enrolment"), "workshop__organiser", "admitted_on"),
        (apps.get_model("participants", "WaitingListEntry"), "organiser", "applied_on"),
        (apps.get_model("participants", "DisabilityCertificate"), "workshop__organiser", "issued_on"),
        (apps.get_model("employment", "Employment"), "cooperative__organisation", "starts_on"),
    ]
    for person in Person.objects.filter(holder__isnull=True).iterator():
        for model, organiser, ordering in sources:
            holder = (
                model.objects.filter(person=person)
                .exclude(**{f"{organiser}__isnull": True})
                .order_by(ordering, "pk")
                .values_list(organiser, flat=True)
                .first()
            )
            if holder is not None:
                Person.objects.filter(pk=person.pk).update(holder=holder)
                break
        else:
            raise RuntimeError(
                f"Person {person.pk} has no registration, list entry, enrolment, certificate or "
                "cooperative job, so no organisation holds the record: give it one by hand."
            )


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0009_person_holder"),
        ("employment", "0005_grants_and_plans"),
    ]

    operations = [migrations.RunPython(fill_person_holders, migrations.RunPython.noop)]

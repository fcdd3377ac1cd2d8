from django.db import migrations
from django.db.models import F


def fill_person_ref(apps, schema_editor):
    AccessLog = apps.get_model("participants", "AccessLog")
    AccessLog.objects.filter(person_ref__isnull=True).update(person_ref=F("person_id"))


class Migration(migrations.Migration):
    dependencies = [("participants", "0012_access_log_outlives_the_record")]

    operations = [migrations.RunPython(fill_person_ref, migrations.RunPython.noop)]

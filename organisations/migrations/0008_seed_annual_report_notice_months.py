"""The annual report's task starts on the first day of the month before the deadline (1 February
for 1 March), in leap years too: the notice is counted in months, not in days. A national value
of 28 days becomes one month; an organiser's own value becomes the whole months it held (at
least one)."""

from django.db import migrations

OLD, NEW = "wtz.annual_report_notice_days", "wtz.annual_report_notice_months"


def seed(apps, schema_editor):
    parameter = apps.get_model("organisations", "PolicyParameter")
    for row in parameter.objects.filter(key=OLD):
        row.key = NEW
        row.value = max(1, int(row.value) // 28)
        row.note = "Task from the 1st of the month before the deadline (1 February)."
        row.save(update_fields=["key", "value", "note"])


def unseed(apps, schema_editor):
    parameter = apps.get_model("organisations", "PolicyParameter")
    for row in parameter.objects.filter(key=NEW):
        row.key = OLD
        row.value = 28 * int(row.value)
        row.save(update_fields=["key", "value"])


class Migration(migrations.Migration):
    dependencies = [("organisations", "0007_annual_report_notice_in_months")]

    operations = [migrations.RunPython(seed, unseed)]

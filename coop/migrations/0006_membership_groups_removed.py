from django.db import migrations


class Migration(migrations.Migration):
    """A member's group is now the person's social status (0005 moved the rows)."""

    dependencies = [("coop", "0005_statuses_from_groups")]

    operations = [
        migrations.RemoveField(
            model_name='historicalpersonmembership',
            name='disadvantaged_evidence',
        ),
        migrations.RemoveField(
            model_name='historicalpersonmembership',
            name='disadvantaged_group',
        ),
        migrations.RemoveField(
            model_name='personmembership',
            name='disadvantaged_evidence',
        ),
        migrations.RemoveField(
            model_name='personmembership',
            name='disadvantaged_group',
        ),
    ]

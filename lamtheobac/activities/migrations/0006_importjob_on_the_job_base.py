"""ImportJob on core.jobs.Job: who asked is `requested_by` (was created_by), as on
every job, and how far it got is stored (`progress`) instead of worked out."""

from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Least


def fill_progress(apps, schema_editor):
    ImportJob = apps.get_model("activities", "ImportJob")
    ImportJob.objects.filter(status__in=["done", "writing"]).update(progress=100)
    ImportJob.objects.filter(status="checking", total_rows__gt=0).update(
        progress=Least(Value(90), 90 * F("checked_rows") / F("total_rows"))
    )


class Migration(migrations.Migration):
    dependencies = [("activities", "0005_importjob_first_and_last_day")]

    operations = [
        migrations.RenameField("importjob", "created_by", "requested_by"),
        migrations.AddField(
            model_name="importjob",
            name="progress",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="progress"),
        ),
        migrations.RunPython(fill_progress, migrations.RunPython.noop),
    ]

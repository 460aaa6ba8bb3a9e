# An import keeps the first and last day of the activities it wrote, so the job
# page reads them from the job rather than back from the audit trail. Jobs done
# before keep their link: their days are copied from their audit event.

import datetime as dt

from django.db import migrations, models


def copy_days_from_the_audit(apps, schema_editor):
    ImportJob = apps.get_model("activities", "ImportJob")
    AuditEvent = apps.get_model("core", "AuditEvent")
    events = AuditEvent.objects.filter(object_type="activities.importjob", action="create")
    for object_id, after in events.values_list("object_id", "after").iterator():
        if not object_id.isdigit() or not after or "first_day" not in after or "last_day" not in after:
            continue
        ImportJob.objects.filter(pk=int(object_id), first_day__isnull=True).update(
            first_day=dt.date.fromisoformat(after["first_day"]),
            last_day=dt.date.fromisoformat(after["last_day"]),
        )


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0004_activity_form_day'),
        ('core', '0002_alter_auditevent_action_notification'),
    ]

    operations = [
        migrations.AddField(
            model_name='importjob',
            name='first_day',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='importjob',
            name='last_day',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(copy_days_from_the_audit, migrations.RunPython.noop),
    ]

"""Move report documents stored under the guessable `reports/<report id>/<name>`
to a random folder, as `document_path` now names new ones."""

import secrets

from django.db import migrations


def move_documents(apps, schema_editor):
    ReportDocument = apps.get_model("reports", "ReportDocument")
    for document in ReportDocument.objects.exclude(file="").iterator():
        old = document.file.name
        parts = old.split("/")
        # Only the old shape: reports/<digits>/<name>.
        if len(parts) != 3 or parts[0] != "reports" or not parts[1].isdigit():
            continue
        storage = document.file.storage
        if not storage.exists(old):
            continue
        with storage.open(old, "rb") as content:
            new = storage.save(f"reports/{secrets.token_hex(12)}/{parts[2]}", content)
        ReportDocument.objects.filter(pk=document.pk).update(file=new)
        storage.delete(old)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(move_documents, migrations.RunPython.noop, elidable=True)]

"""The activity kinds an installation starts with; the system administrator edits them."""

from django.db import migrations

# (name, counted as, thematic)
KINDS = [
    ("Hội nghị học tập, quán triệt", "conference", False),
    ("Hội nghị tuyên truyền, phổ biến", "conference", False),
    ("Nói chuyện chuyên đề", "talk", True),
    ("Sinh hoạt chi bộ định kỳ", "cell_meeting", False),
    ("Sinh hoạt chi bộ chuyên đề", "cell_meeting", True),
    ("Chào cờ, sinh hoạt dưới cờ", "flag_ceremony", False),
    ("Ngày thứ bảy với dân", "day_with_people", False),
    ("Ngày về cơ sở", "day_with_people", False),
    ("Hoạt động khác", "other", False),
]


def add(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    for position, (name, category, thematic) in enumerate(KINDS, start=1):
        ActivityKind.objects.get_or_create(
            name=name, defaults={"position": position, "category": category, "thematic": thematic}
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]

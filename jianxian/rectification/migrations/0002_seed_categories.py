"""The starting vocabulary of problem categories. The city edits it afterwards through
``rectification.actions``; unseeding removes only the seeded categories no problem uses."""

from django.db import migrations

CATEGORIES = [
    ("思想境界", "Ideals and outlook"),
    ("能力素质", "Ability and competence"),
    ("作风形象", "Work style and public image"),
    ("体制机制", "Systems and mechanisms"),
    ("业务工作", "Day-to-day work"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("rectification", "Category")
    for order, (name, name_en) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "position": order * 10}
        )


def unseed(apps, schema_editor):
    Category = apps.get_model("rectification", "Category")
    names = [name for name, _en in CATEGORIES]
    Category.objects.filter(name__in=names, problems__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("rectification", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

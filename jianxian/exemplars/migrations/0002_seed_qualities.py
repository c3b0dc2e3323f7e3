"""The starting vocabulary of qualities (精神内涵). The city edits it afterwards through
``exemplars.actions``; unseeding removes only the seeded qualities no exemplar uses."""

from django.db import migrations

QUALITIES = [
    ("responsibility", "担当精神", "Sense of responsibility"),
    ("strategic-vision", "战略眼光", "Strategic vision"),
    ("pragmatism", "务实作风", "Down-to-earth style of work"),
    ("impartial-enforcement", "秉公执法", "Impartial enforcement of the law"),
    ("selfless-dedication", "无私奉献", "Selfless dedication"),
    ("craftsmanship", "工匠精神", "Spirit of craftsmanship"),
    ("innovation", "创新精神", "Spirit of innovation"),
    ("devotion-to-people", "为民情怀", "Devotion to the people"),
    ("professional-dedication", "敬业奉献", "Dedication to one's work"),
    ("teamwork", "团结协作", "Unity and teamwork"),
]


def seed(apps, schema_editor):
    Quality = apps.get_model("exemplars", "Quality")
    for order, (code, name, name_en) in enumerate(QUALITIES, start=1):
        Quality.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort_order": order * 10}
        )


def unseed(apps, schema_editor):
    Quality = apps.get_model("exemplars", "Quality")
    codes = [code for code, _name, _en in QUALITIES]
    Quality.objects.filter(code__in=codes, exemplars__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("exemplars", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

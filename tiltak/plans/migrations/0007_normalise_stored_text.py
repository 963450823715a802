"""Text stored before validation came in is brought to the normal form every way in now gives it
(tiltak.lib.text): LF line endings, NFC, no trailing blanks, no characters XML cannot hold.

History rows (StatusEntryVersion) are left as they were written: the history is append-only.
NUL and lone surrogates, which the validation refuses, cannot be in the database (PostgreSQL refuses NUL;
neither can be encoded in UTF-8), so normalising is all there is to do.
"""

from django.db import migrations

from tiltak.lib.text import normalise_line, normalise_text

# model → (one-line fields, multi-line fields)
FIELDS = {
    "Ministry": (["abbreviation", "name", "name_en"], []),
    "StatusScale": (["name"], []),
    "Grade": (["name", "name_en"], ["description", "description_en"]),
    "StatusLabel": (["text", "text_en"], []),
    "Plan": (["title", "title_en"], []),
    "Chapter": (["title"], []),
    "Measure": (["title"], ["plan_text"]),
    "Round": (["label", "title"], ["introduction"]),
    "StatusEntry": ([], ["narrative", "review_comment"]),
    "DataQualityNote": (["code"], ["message"]),
}
BATCH = 500


def normalise_stored_text(apps, schema_editor):
    for model_name, (lines, texts) in FIELDS.items():
        model = apps.get_model("plans", model_name)
        changed = []
        names = lines + texts + (["links"] if model_name == "StatusEntry" else [])
        for obj in model.objects.only("pk", *names).iterator(chunk_size=BATCH):
            dirty = False
            for name, normalise in [(n, normalise_line) for n in lines] + [(n, normalise_text) for n in texts]:
                value = getattr(obj, name)
                if isinstance(value, str) and normalise(value) != value:
                    setattr(obj, name, normalise(value))
                    dirty = True
            if model_name == "StatusEntry" and isinstance(obj.links, list):
                links = [link.strip() if isinstance(link, str) else link for link in obj.links]
                if links != obj.links:
                    obj.links, dirty = links, True
            if dirty:
                changed.append(obj)
        model.objects.bulk_update(changed, names, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("plans", "0006_validated_text_fields")]

    operations = [migrations.RunPython(normalise_stored_text, migrations.RunPython.noop)]

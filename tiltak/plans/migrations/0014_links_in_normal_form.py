"""Links stored before they followed the text rules (issue 20) are brought to the normal form every way in now gives
them (tiltak.lib.values.normalise_link): control characters dropped, blanks at the ends stripped.

A link with a control character in it made the round's DOCX and XLSX and the plan's history XLSX fail for every
reader, so history rows are mended too (only their links). A link that even normalised is no link (NEL or U+2028
became a line break inside it) is left out: no way in takes it any more, and ``tiltak restore`` would refuse it.
"""

from django.db import migrations

from tiltak.lib.values import link_problem, normalise_link

BATCH = 500


def _mended(links):
    if not isinstance(links, list):
        return links
    mended = [normalise_link(link) for link in links]
    return [link for link in mended if not isinstance(link, str) or link_problem(link) is None]


def links_in_normal_form(apps, schema_editor):
    for model_name in ("StatusEntry", "StatusEntryVersion"):
        model = apps.get_model("plans", model_name)
        changed = []
        for obj in model.objects.exclude(links=[]).only("pk", "links").iterator(chunk_size=BATCH):
            links = _mended(obj.links)
            if links != obj.links:
                obj.links = links
                changed.append(obj)
        model.objects.bulk_update(changed, ["links"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("plans", "0013_search_index")]

    operations = [migrations.RunPython(links_in_normal_form, migrations.RunPython.noop)]

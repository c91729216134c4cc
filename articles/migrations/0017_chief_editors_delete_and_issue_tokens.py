"""主编 may delete articles (which needs deleting their links to places) and issue partners'
API tokens, and both groups see and work the two queues: the groups get what
articles.desk.groups now lists."""

from django.db import migrations


def grant(apps, schema_editor):
    from articles.desk.groups import ensure_desk_groups

    ensure_desk_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_desk_queues_redirects_schedule"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("taxonomy", "0004_articletopic_updated_at_index"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

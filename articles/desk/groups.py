"""The desk's two groups and what each may do; created by a migration, re-creatable after a flush.

编辑 edit content and run the review; 主编 also publish, delete articles (with the links to
topics and places that go with them), issue partners' API tokens, merge reporters, replace
words across pages and revert history.
"""

from django.utils.translation import gettext_lazy as _

EDITORS = "编辑"
CHIEF_EDITORS = "主编"

# Permissions the model Meta does not declare: (app, model, codename, name).
CUSTOM_PERMISSIONS = (
    ("articles", "article", "publish_article", _("可以发布稿件")),
    ("articles", "article", "replace_across_pages", _("可以跨版面替换文字")),
    ("articles", "article", "revert_article", _("可以回退修改历史")),
    ("articles", "reporter", "merge_reporter", _("可以合并作者")),
)

_CONTENT = ("article", "block", "byline", "photocaption", "photocredit")

EDITOR_PERMISSIONS = (
    *(f"articles.{verb}_{model}" for model in _CONTENT for verb in ("view", "add", "change")),
    "articles.delete_block",
    "articles.delete_byline",
    "articles.delete_photocaption",
    "articles.delete_photocredit",
    "articles.view_reporter",
    "articles.add_reporter",
    "articles.change_reporter",
    "articles.view_page",
    "articles.view_issue",
    "articles.view_publication",
    "articles.view_sourcelineage",
    # The two queues (articles/desk/queues.py): seen, and their rows marked, by both groups.
    "articles.view_reviewqueue",
    "articles.change_reviewqueue",
    "articles.view_readyqueue",
    "articles.change_readyqueue",
    "taxonomy.view_topic",
    "taxonomy.view_articletopic",
    "taxonomy.add_articletopic",
    "taxonomy.change_articletopic",
    "taxonomy.delete_articletopic",
)

CHIEF_PERMISSIONS = (
    *EDITOR_PERMISSIONS,
    "articles.delete_article",
    # Deleting an article deletes its links to places: the admin asks for this permission too.
    "taxonomy.delete_articleplace",
    # Partners' API tokens: issued and revoked in the admin (articles/desk/partners.py).
    "authtoken.view_tokenproxy",
    "authtoken.add_tokenproxy",
    "authtoken.delete_tokenproxy",
    "articles.publish_article",
    "articles.replace_across_pages",
    "articles.revert_article",
    "articles.merge_reporter",
    "articles.delete_reporter",
    "articles.change_page",
)


def ensure_desk_groups(apps=None):
    """Create the groups and the custom permissions if missing; safe to run again.

    `apps` is a migration's historical registry, or None for the live one.
    """
    historical = apps is not None
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    from django.contrib.auth.management import create_permissions

    # On a fresh database the model permissions appear only after all migrations ran.
    for label in ("articles", "taxonomy", "authtoken"):
        try:
            config = apps.get_app_config(label)
        except LookupError:  # an early migration's state, before that app's tables
            continue
        config.models_module = getattr(config, "models_module", None) or True
        create_permissions(config, apps=apps, verbosity=0)

    create_custom_permissions(apps)
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group_name, wanted in ((EDITORS, EDITOR_PERMISSIONS), (CHIEF_EDITORS, CHIEF_PERMISSIONS)):
        group, _created = Group.objects.get_or_create(name=group_name)
        permissions = []
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is None and historical:
                continue  # an early migration's state: a later migration grants it
            if found is None:
                raise LookupError(f"permission {dotted} does not exist")
            permissions.append(found)
        group.permissions.add(*permissions)


def create_custom_permissions(apps, using="default"):
    """Create the permissions of CUSTOM_PERMISSIONS that are missing; safe to run again."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for app_label, model, codename, name in CUSTOM_PERMISSIONS:
        content_type, _created = ContentType.objects.using(using).get_or_create(
            app_label=app_label, model=model
        )
        Permission.objects.using(using).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": str(name)}
        )


def custom_permissions_after_migrate(sender, *, apps=None, using="default", **kwargs):
    """post_migrate: like the models' own permissions, the custom ones outlive a flush.

    `flush` empties the permission table and post_migrate makes the model permissions
    again; without this the custom ones were gone, and loading a backup whose groups
    hold them (docs/reliability.md) failed.
    """
    if apps is None:  # flush sends no registry: the live one
        from django.apps import apps
    create_custom_permissions(apps, using=using)

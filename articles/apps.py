from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ArticlesConfig(AppConfig):
    name = "articles"
    # Its own context: the app is "Articles", the model "article"; Chinese says 稿件 for both.
    verbose_name = pgettext_lazy("app", "稿件")

    def ready(self):
        from django.db.models.signals import post_migrate

        from articles import signals
        from articles.desk import revisions
        from articles.desk.groups import custom_permissions_after_migrate
        from newsroom import page_cache

        signals.connect()
        revisions.register()
        page_cache.connect()
        post_migrate.connect(
            custom_permissions_after_migrate,
            sender=self,
            dispatch_uid="articles.desk.custom_permissions",
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = _("分类")

    def ready(self):
        from seeds.signals import page_imported, page_parsed, parse_ahead_starting
        from taxonomy import ahead
        from taxonomy.indexing import on_page_imported

        page_imported.connect(on_page_imported, dispatch_uid="taxonomy.index_imported_articles")
        parse_ahead_starting.connect(
            ahead.on_parse_ahead_starting, dispatch_uid="taxonomy.ahead.starting"
        )
        page_parsed.connect(ahead.on_page_parsed, dispatch_uid="taxonomy.ahead.page_parsed")

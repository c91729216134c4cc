from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = _("分类")

    def ready(self):
        from seeds.signals import page_imported
        from taxonomy.indexing import on_page_imported

        page_imported.connect(on_page_imported, dispatch_uid="taxonomy.index_imported_articles")

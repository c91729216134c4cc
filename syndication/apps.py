from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "syndication"
    verbose_name = _("内容分发")

    def ready(self):
        # Connect the receivers that record tombstones when an article leaves the public record.
        from . import signals  # noqa: F401

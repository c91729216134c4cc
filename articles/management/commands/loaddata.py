"""`manage.py loaddata`: Django's, with each loaded article indexed for search once.

Loading a backup saves every paragraph and caption on its own, and each save reindexed
its whole article. Here the articles are noted as they load and indexed once at the end,
inside loaddata's transaction (:func:`articles.signals.indexed_once`).
"""

from django.core.management.commands import loaddata

from articles.signals import indexed_once


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        with indexed_once(using=self.using):
            super().loaddata(fixture_labels)

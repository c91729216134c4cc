from django.core.management.base import BaseCommand

from articles.models import Article
from taxonomy.indexing import relink_places


class Command(BaseCommand):
    help = "重新识别全部稿件中的地名并重建稿件与地名的关联。"

    def handle(self, *args, **options):
        linked = relink_places(Article.objects.all())
        self.stdout.write(f"已重新关联 {linked} 篇稿件的地名。")

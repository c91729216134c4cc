from django.core.management.base import BaseCommand

from articles.models import Article
from chinese.segmenter import compiled_routes
from taxonomy.indexing import index_articles


class Command(BaseCommand):
    help = "为全部稿件重新计算关键词、主题建议、地名和相关稿件（如在 compute_idf 之后）。"

    @compiled_routes()
    def handle(self, *args, **options):
        reports = index_articles(list(Article.objects.only("pk")))
        for report in reports:
            if report.error:
                self.stderr.write(f"稿件 {report.article_id}：{report.error}")
            elif report.reason:
                self.stdout.write(f"稿件 {report.article_id}：{report.reason}")
        self.stdout.write(f"已处理 {len(reports)} 篇稿件。")

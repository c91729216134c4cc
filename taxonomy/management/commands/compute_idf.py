from django.core.management.base import BaseCommand

from articles.models import Article
from chinese.segmenter import compiled_routes
from taxonomy.idf import compute_idf
from taxonomy.indexing import article_text


class Command(BaseCommand):
    help = "从全部稿件重新计算关键词提取所用的 IDF（无稿件时沿用 jieba 自带 IDF）。"

    @compiled_routes()
    def handle(self, *args, **options):
        articles = Article.objects.prefetch_related("blocks", "captions").iterator(chunk_size=200)
        table = compute_idf(article_text(article) for article in articles)
        if table is None:
            self.stdout.write("没有稿件，关键词提取仍用 jieba 自带 IDF。")
            return
        self.stdout.write(f"已从 {table.documents} 篇稿件计算 {table.terms.count()} 个词的 IDF。")

"""Publish the articles whose scheduled time has come (for a site with no visitors to do it)."""

from django.core.management.base import BaseCommand

from articles.desk.schedule import publish_due


class Command(BaseCommand):
    help = "发布定时时间已到的稿件。网站、订阅和接口在每次请求时也会这样做；本命令供定时器使用。"

    def handle(self, *args, **options):
        count = publish_due()
        self.stdout.write(f"已发布 {count} 篇定时稿件。")

"""`manage.py publish_unflagged`: publish what the extraction was sure of; the rest waits."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.editing import WHY_A_TITLE, EditError, publish_unflagged


class Command(BaseCommand):
    help = gettext_lazy(
        "发布所有待审、没有待核标记且有标题的稿件（本地演示用：make run 导入样版后运行，"
        "让公开网站有内容可看）。有待核标记的稿件留在审核队列里，等编辑处理。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=gettext_lazy("只列出数量，不发布")
        )

    def handle(self, *args, **options):
        try:
            done = publish_unflagged(dry_run=options["dry_run"])
        except EditError as error:
            raise CommandError(str(error)) from error
        verb = _("可发布") if options["dry_run"] else _("已发布")
        self.stdout.write(
            _("%(verb)s %(published)d 篇稿件；%(waiting)d 篇有待核标记或缺标题，留待编辑审核。")
            % {"verb": verb, "published": done.published, "waiting": done.waiting}
        )
        if done.untitled:
            self.stdout.write(
                _("其中 %(n)d 篇没有标题，不能发布：%(items)s。%(why)s")
                % {"n": done.untitled_count, "items": done.untitled, "why": WHY_A_TITLE}
            )

from django.core.management.base import BaseCommand

from taxonomy import precision
from taxonomy.analysis import MACHINE_THRESHOLD
from taxonomy.suggestions import topic_signals


class Command(BaseCommand):
    help = (
        "按得分阈值衡量主题建议的准确率：种子版面的人工标注，以及开发语料"
        "（../shared/corpus，有则读取）的人工评判。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="列出每条建议及其评判")

    def handle(self, *args, **options):
        signals = topic_signals()
        for name, items in (
            ("种子版面", precision.seed_items()),
            ("开发语料", precision.corpus_items()),
        ):
            if not items:
                self.stdout.write(f"{name}：不在本机，未衡量。")
                continue
            made = precision.suggestions(items, signals)
            self.stdout.write(f"{name}：{len(items)} 篇，{len(made)} 条建议")
            self.stdout.write("  阈值  建议  对  准确率  严格  未评判")
            for row in precision.table(made):
                mark = " ←" if row.threshold == MACHINE_THRESHOLD else ""
                self.stdout.write(
                    f"  {row.threshold:.2f}  {row.suggestions:4d}  {row.right:3d}"
                    f"  {_percent(row.precision)}  {_percent(row.strict)}  {row.unjudged:3d}{mark}"
                )
            if options["list"]:
                for s in made:
                    self.stdout.write(f"    {s.score:.3f} {s.verdict:10} {s.topic} {s.key}")


def _percent(value):
    return "   —  " if value is None else f"{value:6.1%}"

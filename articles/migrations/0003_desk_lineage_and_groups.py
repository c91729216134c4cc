"""What the desk merged, split or deleted; and the groups 编辑 and 主编 with their permissions."""

import django.db.models.deletion
from django.db import migrations, models


def create_groups(apps, schema_editor):
    from articles.desk.groups import ensure_desk_groups

    ensure_desk_groups(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["编辑", "主编"]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0002_search_document'),
        ('taxonomy', '0003_region_places'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='SourceLineage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source_position', models.PositiveSmallIntegerField(verbose_name='原抽取顺序')),
                ('fate', models.CharField(choices=[('merged', '已并入其他稿件'), ('deleted', '已删除'), ('split', '拆分出的新稿件'), ('detached', '拆出的图片稿')], max_length=10, verbose_name='处理')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='记录时间')),
                ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='lineage', to='articles.article', verbose_name='相关稿件')),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lineage', to='articles.page', verbose_name='版面')),
            ],
            options={
                'verbose_name': '结构修改记录',
                'verbose_name_plural': '结构修改记录',
                'ordering': ['page', 'source_position', 'id'],
            },
        ),
        migrations.RunPython(create_groups, remove_groups),
    ]

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0006_split_renja_rows_per_year"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalitembudget',
            name='year',
        ),
        migrations.RemoveField(
            model_name='itembudget',
            name='year',
        ),
        migrations.AddConstraint(
            model_name='programitem',
            constraint=models.UniqueConstraint(fields=('renja', 'sort_key'), name='unique_item_code_identity_per_renja', violation_error_message='Kode ini sudah dipakai dalam Renja tahun ini (dalam penulisan lain).'),
        ),
        migrations.AddConstraint(
            model_name='itembudget',
            constraint=models.UniqueConstraint(fields=('item', 'revision'), name='unique_budget_per_item_revision'),
        ),
        migrations.AlterModelOptions(
            name='itembudget',
            options={'ordering': ['revision__number'], 'verbose_name': 'pagu', 'verbose_name_plural': 'pagu'},
        ),
        migrations.AlterField(
            model_name="programitem",
            name="renja",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="items", to="planning.renja", verbose_name="Renja"),
        ),
        migrations.AlterField(
            model_name="itembudget",
            name="revision",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="budgets", to="planning.renjarevision", verbose_name="versi Renja"),
        ),
    ]

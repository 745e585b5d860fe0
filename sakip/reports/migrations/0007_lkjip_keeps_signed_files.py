from django.db import migrations, models


class Migration(migrations.Migration):
    """The LKjIP's kept PDF is the signed one (kept from signing, not from publishing),
    with its DOCX beside it."""

    dependencies = [
        ("reports", "0006_lkjip_keeps_published_pdf"),
    ]

    operations = [
        migrations.RenameField(
            model_name="lkjipreport", old_name="published_file", new_name="signed_file"
        ),
        migrations.AlterField(
            model_name="lkjipreport",
            name="signed_file",
            field=models.FileField(
                blank=True, upload_to="lkjip/%Y/", verbose_name="berkas PDF yang ditetapkan"
            ),
        ),
        migrations.AddField(
            model_name="lkjipreport",
            name="signed_docx",
            field=models.FileField(
                blank=True, upload_to="lkjip/%Y/", verbose_name="berkas DOCX yang ditetapkan"
            ),
        ),
    ]

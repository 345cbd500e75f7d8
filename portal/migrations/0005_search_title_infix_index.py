from django.db import migrations

from portal.search import fulltext


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_page_url_path_index")]

    operations = [
        migrations.RunPython(fulltext.create_infix_index, fulltext.drop_infix_index),
    ]

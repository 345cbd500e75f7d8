"""Line breaks in the legal pages' paragraphs as Wagtail's rich text stores them.

0002 wrote them as "<br>"; Wagtail's editor reads only "<br/>" and answered the Impressum's edit
view with a server error.
"""

from django.db import migrations


def close_line_breaks(apps, schema_editor):
    LegalPage = apps.get_model("portal", "LegalPage")
    for page in LegalPage.objects.all():
        blocks = [dict(block) for block in page.body.raw_data]
        for block in blocks:
            if block["type"] == "paragraph":
                block["value"] = block["value"].replace("<br>", "<br/>")
        if blocks != list(page.body.raw_data):
            page.body = blocks
            page.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_search_title_infix_index")]

    operations = [migrations.RunPython(close_line_breaks, migrations.RunPython.noop)]

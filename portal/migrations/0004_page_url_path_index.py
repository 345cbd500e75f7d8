from django.db import migrations


class Migration(migrations.Migration):
    """An index on Wagtail's page URL paths, which HomePage.route looks pages up by.

    Wagtail routes through the tree and has no need of it; without it, each request scans every
    page (one scan per request: over 100,000 pages at national scale).
    """

    dependencies = [
        ("portal", "0003_search_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX portal_page_url_path ON wagtailcore_page (url_path)",
            "DROP INDEX portal_page_url_path",
        )
    ]

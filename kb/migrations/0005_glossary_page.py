"""The glossary page at /wissen/glossar/, below the knowledge base's page if there is one.

Created here, like the site structure in portal's 0002, so that every installation and every test
database has it; the knowledge-base texts link their terms to it.
"""

from django.db import migrations
from django.db.models import F
from django.utils import timezone

SLUG = "glossar"
# Wagtail's page tree (django-treebeard): each level adds four base-36 digits to the path.
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP_LENGTH = 4


def next_child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEP_LENGTH:], 36) + 1 if last else 1
    step = ""
    for _ in range(STEP_LENGTH):
        number, digit = divmod(number, 36)
        step = PATH_ALPHABET[digit] + step
    return parent.path + step


def create_glossary_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    GlossaryPage = apps.get_model("kb.GlossaryPage")
    parent = apps.get_model("kb.KnowledgeIndexPage").objects.first()
    if parent is None or GlossaryPage.objects.exists():
        return
    if Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1, slug=SLUG).exists():
        return  # the address is taken: the coordinators add the glossary themselves
    now = timezone.now()
    GlossaryPage.objects.create(
        content_type=ContentType.objects.get_or_create(app_label="kb", model="glossarypage")[0],
        title="Glossar",
        draft_title="Glossar",
        slug=SLUG,
        path=next_child_path(Page, parent),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{SLUG}/",
        locale_id=parent.locale_id,
        live=True,
        first_published_at=now,
        last_published_at=now,
        intro="<p>Begriffe der kommunalen Digitalisierung von A bis Z, kurz erklärt. In den Texten "
        "des Wissensbereichs sind sie mit ihrem Eintrag hier verknüpft.</p>",
    )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)


def remove_glossary_page(apps, schema_editor):
    Page = apps.get_model("wagtailcore.Page")
    for page in apps.get_model("kb.GlossaryPage").objects.all():
        parent_path = page.path[:-STEP_LENGTH]
        page.delete()
        Page.objects.filter(path=parent_path).update(numchild=F("numchild") - 1)


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0004_glossary"),
        # The site structure creates /wissen/; without this a fresh database could get here first.
        ("portal", "0002_site_structure"),
    ]

    operations = [migrations.RunPython(create_glossary_page, remove_glossary_page)]

"""The demo's Digitalisierungsstrategie: its measures and its page below the register."""

from datetime import timedelta

from django.utils import timezone

from kb.models import Handlungsfeld
from portal.demo import publish_changes
from projects.models import ProjectIndexPage, StrategyMeasure, StrategyPage


def load_strategy(strategy):
    """The measures (matched by code) and the strategy page below the register."""
    handlungsfelder = {field.slug: field for field in Handlungsfeld.objects.all()}
    this_year = timezone.localdate().year
    for entry in strategy["measures"]:
        StrategyMeasure.objects.update_or_create(
            code=entry["code"],
            defaults={
                "title": entry["title"],
                "description": entry["description"],
                "handlungsfeld": handlungsfelder[entry["handlungsfeld"]],
                "target_year": this_year + entry["target_in_years"],
            },
        )
    index = ProjectIndexPage.objects.get()
    values = {
        "title": strategy["title"],
        "draft_title": strategy["title"],
        "intro": strategy["intro"],
        "adopted_on": timezone.localdate() - timedelta(days=strategy["adopted_days_ago"]),
    }
    page = StrategyPage.objects.child_of(index).first()
    if page is None:
        page = StrategyPage(slug=strategy["slug"], **values)
        index.add_child(instance=page)
        page.save_revision(log_action=True).publish()
    else:
        publish_changes(page, values)

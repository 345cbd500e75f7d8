from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from network.viewsets import NetworkViewSetGroup, OzgCatalogueViewSetGroup

FORUM_LOG_ACTIONS = {
    "network.forum.hide": _("Beitrag ausgeblendet"),
    "network.forum.unhide": _("Beitrag wieder eingeblendet"),
    "network.forum.edit": _("Beitrag von der Moderation bearbeitet"),
    "network.forum.delete": _("Beitrag gelöscht"),
    "network.forum.lock": _("Thema geschlossen"),
    "network.forum.unlock": _("Thema wieder geöffnet"),
    "network.forum.pin": _("Thema angeheftet"),
    "network.forum.unpin": _("Thema nicht mehr angeheftet"),
    "network.forum.move": _("Thema verschoben"),
    "network.forum.split": _("Thema aufgeteilt"),
    "network.forum.solution": _("Lösung von der Moderation markiert"),
}


@hooks.register("register_log_actions")
def register_forum_log_actions(actions):
    for action, label in FORUM_LOG_ACTIONS.items():
        actions.register_action(action, label, label)


register_snippet(OzgCatalogueViewSetGroup)
register_snippet(NetworkViewSetGroup)

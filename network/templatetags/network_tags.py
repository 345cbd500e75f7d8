from django import template
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from network import page_cache
from network.models import ForumCategory
from network.notifications import is_following
from network.permissions import is_member

register = template.Library()


@register.filter
def member_name(user):
    """How a member is named on the site; accounts that are gone leave their posts behind."""
    if user is None:
        return _("ehemaliges Mitglied")
    return user.get_full_name() or user.username


@register.inclusion_tag("network/forum/includes/page_threads.html", takes_context=True)
def page_threads(context, page, follow_button=True):
    """The forum threads about a page, with a link to start one; for members only.

    Pages that offer following elsewhere, with their own explanation, leave the button out.
    """
    request = context["request"]
    if not is_member(request.user):
        return {"show": False}
    threads = page.forum_threads.select_related("category").order_by("-last_post_at")[:10]
    return {
        "show": True,
        "page": page,
        "threads": threads,
        "categories": ForumCategory.objects.all(),
        "follow_button": follow_button,
        "following": follow_button and is_following(request.user, page),
        "request": request,
    }


@register.filter
def machine_time(value):
    """A moment for <time datetime="…">, in local time to the minute (what HTML accepts)."""
    return localtime(value).isoformat(timespec="minutes")


@register.tag
def remembered(parser, token):
    """{% remembered "name" key… %}…{% endremembered %}: the block as its audience (visitors or
    members) saw it for these keys, rendered once per change of content.

    Like Django's {% cache %}, but gone with the content generation (network.page_cache), so a
    change shows at once. The block must show nothing else of the person who asks.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% remembered %} needs a name for the block.")
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    return RememberedNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class RememberedNode(template.Node):
    def __init__(self, nodelist, keys):
        self.nodelist = nodelist
        self.keys = keys

    def render(self, context):
        name, *keys = (key.resolve(context) for key in self.keys)
        audience = is_member(context["request"].user)
        return page_cache.remembered(
            f"block:{name}", (audience, *keys), lambda: self.nodelist.render(context)
        )

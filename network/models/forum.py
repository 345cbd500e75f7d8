from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase


class ForumCategory(models.Model):
    """A topic area of the members' forum, kept by the coordinators."""

    name = models.CharField(_("Name"), max_length=100)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Forumskategorie")
        verbose_name_plural = _("Forumskategorien")
        ordering = ["position", "name"]
        permissions = [("moderate_forum", _("Kann das Forum moderieren"))]

    def __str__(self):
        return self.name


class ThreadTag(TaggedItemBase):
    content_object = ParentalKey(
        "network.Thread", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Thread(ClusterableModel):
    """A forum conversation, possibly about a page of the site (a project, a funding call)."""

    category = models.ForeignKey(
        ForumCategory,
        verbose_name=_("Kategorie"),
        on_delete=models.PROTECT,
        related_name="threads",
    )
    title = models.CharField(_("Titel"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasst von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
    )
    about_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Bezieht sich auf"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
    )
    tags = ClusterTaggableManager(verbose_name=_("Schlagwörter"), through=ThreadTag, blank=True)
    created_at = models.DateTimeField(_("Begonnen am"), default=timezone.now)
    # Kept with each post, so that lists sort and count without reading the posts.
    last_post_at = models.DateTimeField(_("Letzter Beitrag"), default=timezone.now)
    post_count = models.PositiveIntegerField(_("Beiträge"), default=0)
    is_pinned = models.BooleanField(_("Angeheftet"), default=False)
    is_locked = models.BooleanField(_("Geschlossen"), default=False)
    solution = models.OneToOneField(
        "network.Post",
        verbose_name=_("Lösung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="solved_thread",
    )

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["-is_pinned", "-last_post_at", "-pk"]
        indexes = [models.Index(fields=["category", "-is_pinned", "-last_post_at"])]

    def __str__(self):
        return self.title


class Post(models.Model):
    """A contribution to a thread: Markdown as written, and the sanitised HTML that is shown."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("Thema"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasst von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_posts",
    )
    body = models.TextField(_("Text"))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(_("Geschrieben am"), default=timezone.now)
    edited_at = models.DateTimeField(_("Bearbeitet am"), null=True, blank=True)
    is_hidden = models.BooleanField(_("Ausgeblendet"), default=False)

    class Meta:
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self):
        # Wagtail's log names entries by this; it carries no author name (personal data).
        return _("Beitrag %(number)s in „%(thread)s“") % {"number": self.pk, "thread": self.thread}


class PostRevision(models.Model):
    """An earlier wording of a post, kept when it is edited."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("Text"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Geändert von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_post_revisions",
    )
    created_at = models.DateTimeField(_("Geändert am"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return _("Fassung vom %(date)s") % {"date": self.created_at}


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Werbung oder Spam")
    OFFENSIVE = "offensive", _("Beleidigend oder unangemessen")
    OFF_TOPIC = "off_topic", _("Gehört nicht hierher")
    PERSONAL_DATA = "personal_data", _("Enthält personenbezogene Daten")
    OTHER = "other", _("Anderer Grund")


class PostFlag(models.Model):
    """A member's report that a post needs a moderator's look."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_flags"
    )
    reason = models.CharField(_("Grund"), max_length=20, choices=FlagReason.choices)
    note = models.CharField(_("Erläuterung"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "flagged_by"], name="one_flag_per_member")
        ]

    def __str__(self):
        return self.get_reason_display()


class ThreadVisit(models.Model):
    """When a member last read a thread: what came later is unread for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_visits"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="visits")
    seen_until = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_visit_per_thread")
        ]

    def __str__(self):
        return str(self.thread)

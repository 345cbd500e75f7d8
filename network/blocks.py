"""StreamField blocks shared by the pages of every app.

They live in the lowest app so that the pages of every app can use them.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading; the level keeps the page outline valid for screen readers."""

    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Ebene"),
        choices=[
            ("h2", _("Überschrift 2")),
            ("h3", _("Überschrift 3")),
            ("h4", _("Überschrift 4")),
        ],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Überschrift")
        template = "blocks/heading_block.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source, e.g. from a Bürgermeisterin about a project."""

    text = blocks.TextBlock(label=_("Zitat"))
    source = blocks.CharBlock(label=_("Quelle"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Zitat")
        template = "blocks/quote_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    """The body of content pages: headings, text, images, quotes and embedded media."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        icon="pilcrow",
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"],
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock(label=_("Bild"), template="blocks/image_block.html")
    quote = QuoteBlock()
    embed = EmbedBlock(
        label=_("Eingebettetes Medium"),
        help_text=_(
            "Adresse eines Videos oder einer Karte, z. B. von PeerTube oder OpenStreetMap."
        ),
        icon="media",
        template="blocks/embed_block.html",
    )

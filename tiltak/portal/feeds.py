"""Atom feeds per plan: its published rounds, and the corrections made to them after publishing.

Django's Atom feed writes an item's description as ``<summary type="html">``: the reader un-escapes the XML and then
reads HTML. A label or reason is text, so it is escaped for HTML here and once more for XML by the feed writer (a
label «<img onerror=…>» is shown as those characters, never run). Titles are Atom's plain text and escaped once.

Both come from the page cache (tiltak.core.pagecache) under their plan's generation, like its other pages: a
correction or a publication expires them, a draft in an open round does not. A feed writes its links whole, with
the host it was asked on, so that host is part of its address in the cache.
"""

from django.contrib.syndication.views import Feed
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tiltak.core.pagecache import absolute_address, cached_page, of_the_plan, published
from tiltak.plans import selectors
from tiltak.plans.models import Round, StatusEntryVersion
from tiltak.portal.lookup import public_plan

MAX_ITEMS = 50


def as_html(text: str) -> str:
    """Text as the HTML an Atom summary of type html carries: escaped, its line breaks kept."""
    return str(linebreaksbr(text, autoescape=True))


@method_decorator(cached_page(published, params=absolute_address, scope=of_the_plan), name="__call__")
class _PlanFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, plan):
        return public_plan(plan)

    def link(self, plan):
        return reverse("portal:plan", kwargs={"plan": plan.slug})


class RoundsFeed(_PlanFeed):
    def title(self, plan):
        return _("Publiserte statusrapporter: %(plan)s") % {"plan": plan.in_language(get_language())}

    def subtitle(self, plan):
        return _("Hver ny publisert rapporteringsrunde for handlingsplanen.")

    def items(self, plan):
        return plan.rounds.published().order_by("-published_at", "-pk")[:MAX_ITEMS]

    def item_title(self, item: Round):
        return item.in_language(get_language())

    def item_description(self, item: Round):
        return as_html(_("Statusrapporten er publisert: %(label)s.") % {"label": item.in_language(get_language())})

    def item_link(self, item: Round):
        return reverse("portal:round", kwargs={"plan": item.plan.slug, "round": item.slug})

    def item_pubdate(self, item: Round):
        return item.published_at

    def item_updateddate(self, item: Round):
        return item.published_at


class CorrectionsFeed(_PlanFeed):
    def title(self, plan):
        return _("Rettelser i publiserte rapporter: %(plan)s") % {"plan": plan.in_language(get_language())}

    def subtitle(self, plan):
        return _("Hver rettelse koordinator har gjort i en publisert runde, med dato og begrunnelse.")

    def items(self, plan):
        return (StatusEntryVersion.objects.published_corrections().filter(entry__round__plan=plan)
                .select_related("entry__measure__plan", "entry__round")
                .prefetch_related("entry__measure__responsibilities__ministry")
                .order_by("-changed_at", "-pk")[:MAX_ITEMS])

    def item_title(self, item: StatusEntryVersion):
        # The number the corrected round published the measure under (selectors: as published); the link goes to
        # the measure's page at its number now.
        return _("Tiltak %(number)s rettet i %(round)s") % {
            "number": selectors.measure_as_published(item.entry).number,
            "round": item.entry.round.in_language(get_language())}

    def item_description(self, item: StatusEntryVersion):
        return as_html(_("Begrunnelse: %(reason)s") % {"reason": item.comment})

    def item_link(self, item: StatusEntryVersion):
        measure = item.entry.measure
        url = reverse("portal:measure", kwargs={"plan": measure.plan.slug, "number": measure.number})
        return f"{url}#rettelse-{item.pk}"

    def item_pubdate(self, item: StatusEntryVersion):
        return item.changed_at

    def item_updateddate(self, item: StatusEntryVersion):
        return item.changed_at

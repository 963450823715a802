"""Long public lists a page at a time: which page is asked for, and the pager a template shows under the list.

The page number is part of the address (``…/side/3/``), not of the query, so that every page is a file of the
static export and a key of its own in the page cache; filters stay in the query and are carried by the pager's
links. Page 1 has no ``side/1/`` of its own (that address redirects to the list's own), and a page that is not
there is the site's 404 page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404, HttpResponsePermanentRedirect


def page_size() -> int:
    return settings.PAGE_SIZE


def page_or_404(items, number: int | None, *, size: int | None = None) -> Page:
    """Page ``number`` (None: the first) of ``items`` (an ordered queryset is counted and sliced: two queries,
    whatever its size). An empty list still has its one, empty, page."""
    paginator = Paginator(items, size or page_size())
    try:
        return paginator.page(1 if number is None else number)
    except InvalidPage as refused:
        raise Http404("No such page") from refused


def first_page_redirect(request, first_page_url: str) -> HttpResponsePermanentRedirect:
    """``…/side/1/`` is the list's own address: one address per page."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(first_page_url + (f"?{query}" if query else ""))


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the gap «…» between page numbers
    href: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pager:
    page: Page
    previous: str | None
    next: str | None
    links: list[PageLink]

    @property
    def first_item(self) -> int:
        return self.page.start_index()

    @property
    def last_item(self) -> int:
        return self.page.end_index()

    @property
    def count(self) -> int:
        return self.page.paginator.count


def pager(page: Page, url_of: Callable[[int], str], query: str = "") -> Pager | None:
    """The pager of ``page``, or None when the list fits on one page. ``url_of(n)`` is page n's address;
    ``query`` (the list's filters, already encoded) is kept on every link."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return None
    suffix = f"?{query}" if query else ""

    def href(number: int) -> str:
        return url_of(number) + suffix

    links = [PageLink(None) if n == paginator.ELLIPSIS else PageLink(n, href(n), n == page.number)
             for n in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)]
    return Pager(page=page, links=links,
                 previous=href(page.previous_page_number()) if page.has_previous() else None,
                 next=href(page.next_page_number()) if page.has_next() else None)

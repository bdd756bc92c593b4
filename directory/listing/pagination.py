"""A listing's pages: a paginator told its count, and the links of its pagination.

The links are what ``{% querystring page=N %}`` writes for each page (the query string as the
visitor sent it, with the page set), built once per listing rather than once per link: the
tag copied and encoded the whole query string for each of the nine or so links of a page, and
the pagination took 1.7 ms of a listing's 8 at 100,000 entries (the template's exclusive time
per node, 200 listing pages), more than its twenty cards.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.http import QueryDict

# Pages shown around the current one, and at each end, the others elided (« … »).
ON_EACH_SIDE = 2
ON_ENDS = 1


class CountedPaginator(Paginator):
    """A paginator told its count (from the facet query) instead of running one."""

    def __init__(self, object_list, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


@dataclass(frozen=True)
class PageLink:
    """A link of the pagination: a page's number and address (``href``, its query string),
    whether it is the page shown; or, with no number, the gap of the pages elided."""

    number: int | None
    href: str = ""
    current: bool = False


class PageLinks:
    """The pagination of ``page`` within the listing whose query string is ``params``."""

    def __init__(self, page: Page, params: QueryDict) -> None:
        self.page = page
        # The query string with the page set, cut around the page's number: the parameters
        # keep their order, and ``page`` its place (or comes last), as the tag puts them.
        marked = params.copy()
        marked["page"] = "0"
        parts = marked.urlencode().split("&")
        place = parts.index("page=0")  # (a value's "&" is encoded: only the page is so)
        self._before = "?" + "".join(f"{part}&" for part in parts[:place]) + "page="
        self._after = "".join(f"&{part}" for part in parts[place + 1 :])

    def href(self, number: int) -> str:
        """The query string of page ``number``."""
        return f"{self._before}{number}{self._after}"

    @cached_property
    def numbers(self) -> list[PageLink]:
        """The pages around this one and at both ends, with the gaps between."""
        page = self.page
        # (The gaps are the paginator's ELLIPSIS, a translated text.)
        return [
            PageLink(number, self.href(number), number == page.number)
            if isinstance(number, int)
            else PageLink(None)
            for number in page.paginator.get_elided_page_range(
                page.number, on_each_side=ON_EACH_SIDE, on_ends=ON_ENDS
            )
        ]

    @cached_property
    def previous(self) -> str | None:
        """The address of the previous page, if any."""
        return self.href(self.page.previous_page_number()) if self.page.has_previous() else None

    @cached_property
    def next(self) -> str | None:
        """The address of the next page, if any."""
        return self.href(self.page.next_page_number()) if self.page.has_next() else None

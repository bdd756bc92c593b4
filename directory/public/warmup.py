"""What a server process prepares before its first visitor: gunicorn's master runs
``warm_up()`` once it has loaded the application and before it forks its workers
(``gunicorn.conf.py``, ``when_ready``), so that every worker starts with it, shared with the
master until written.

Each worker used to build it all on its first requests: the facets' bitsets (one query over
every published entry, 1.8 s at 100,000 entries on the benchmark's 2-core machine), the order
by name, the compiled templates, the URL patterns and the catalogs of each language. Two workers
doing it at once held their first visitors for 1.2–1.5 s: the p95 of the benchmark's first
test, listing pages, on a server just started (README, Performance).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.template import engines
from django.template.exceptions import TemplateDoesNotExist
from django.urls import reverse
from django.utils import translation

from ..listing.hours import published_hours
from ..listing.name_order import name_order

logger = logging.getLogger(__name__)

# The public pages' templates, compiled once (with those they extend and include at render).
TEMPLATES = (
    "directory/home.html",
    "directory/initiative_list.html",
    "directory/initiative_detail.html",
    "directory/category.html",
    "directory/departement.html",
    "directory/commune.html",
    "directory/includes/filters.html",
    "directory/includes/picture.html",
)


def warm_up() -> float:
    """Build this process's bitsets, hours, order by name, templates, URL patterns and
    catalogs, then close its database connections (a forked worker must open its own). A
    database that cannot be read leaves the data part to the first requests, as before: the
    server starts all the same. Returns the seconds it took."""
    started = time.perf_counter()
    for name in TEMPLATES:
        try:
            engines["django"].get_template(name)
        except TemplateDoesNotExist:  # a project that trimmed its templates
            logger.warning("warm-up: no template %s", name)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Accueil")
            reverse("directory:initiative_list")
    try:
        published_hours()  # and the facets' bitsets, which it is built from
        name_order()
    except DatabaseError as error:
        logger.warning("warm-up: the database could not be read (%s)", error)
    finally:
        connections.close_all()
    return time.perf_counter() - started

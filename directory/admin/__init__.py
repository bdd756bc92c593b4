"""The curators' admin, one module per screen; importing this package registers them all.

- ``initiatives`` (with ``filters``, ``history``, ``images``, ``spreadsheets`` and ``interop``:
  the data·inclusion and GoGoCarto imports, and the list of imports), ``places``,
  ``relations``;
- the queues: ``proposals``, ``reports``, ``verification`` (sharing ``queues``);
- the reference data: ``reference`` (sources, categories), ``territories``, ``glossary``;
- ``users``: the staff's accounts and the login lockout's page.
"""

from . import (  # noqa: F401 (each module registers its screens)
    glossary,
    initiatives,
    places,
    proposals,
    reference,
    relations,
    reports,
    territories,
    users,
    verification,
)

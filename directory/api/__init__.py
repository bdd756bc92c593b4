"""The read-only JSON API under ``/api/v1/`` (Django REST framework): initiatives filtered by
the listing's own FilterSet, categories, départements and communes, with cursor pagination,
the page cache's ETags, open CORS, an OpenAPI 3 schema and its documentation page.

It sits beside ``public`` and ``admin`` and uses what they use (``listing``, ``models``), plus
``public.caching`` for its ETags and page cache."""

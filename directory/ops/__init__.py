"""Operations beyond one machine, behind ``manage.py scale_out_demo``: two private PostgreSQL
clusters, a primary and its streaming replica (``clusters``), haproxy in front of several app
servers (``front``), a small HTTP client with cookies (``browser``), and the demonstration that
runs them with Redis and shows an edit made through one server at once through the other
(``demo``)."""

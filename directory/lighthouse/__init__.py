"""Lighthouse behind ``manage.py lighthouse``: the pages and presets audited, the run of the
npm package ``lighthouse`` in Debian's Chromium against the site served as in production
(``runner``, with the benchmark's gunicorn server), and its reports read into scores and the
audits that cost points (``report``)."""

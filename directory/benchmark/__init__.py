"""The benchmark behind ``manage.py benchmark``: distinct URLs of each kind of public page
generated from the data (``urls``), wrk walking them (``wrk``), the gunicorn server under test
(``server``), the database side (``data``), the sequence of tests (``runner``) and the tables
(``report``)."""

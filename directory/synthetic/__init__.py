"""The synthetic-data generator for benchmarks, behind ``manage.py seed_synthetic``.

- ``loading``: reads the communes and kinds entries are placed in, and writes the entries with
  PostgreSQL ``COPY`` (``create_initiatives``);
- ``generator``: ``SyntheticGenerator``, the rows of each entry from a seeded random generator;
- ``texts``: names, summaries, descriptions and addresses, from the profiles and the lexicon;
- ``lexicon``: French words by real frequency (wordfreq) and people's names (Faker, ``fr_FR``);
- ``french``: elision and contraction (« d'Herblay », « l'AMAP », « du Vexin »);
- ``places``: communes as the generator sees them, with their names in French constructions;
- ``profiles``: how entries of each kind are named and described, one module per domain, and
  which kinds an entry plausibly combines (``profiles.pairs``);
- ``vocabulary``: the words, sentences and street names every kind shares;
- ``distributions``: how often each legal form, scope, principle, département… comes up;
- ``weighted``: weighted random choice.
"""

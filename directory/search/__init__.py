"""Search: the query language (``query``), the thesaurus (``thesaurus``), the glossary
(``glossary``) and what a search that finds nothing suggests (``suggestions``)."""

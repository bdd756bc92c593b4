"""Vocabulary shared by every kind of synthetic entry: the words that fill the placeholders of
names and texts, sentences, street names. It makes synthetic initiatives look like real ones
(and gives search a realistic spread of common and rare words)."""

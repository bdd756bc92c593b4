"""SQL the directory runs, as Python expressions and their Python twins: text normalisation,
full-text search settings, distances; and its SQL functions and triggers (``functions``, from
the files of ``sql/``). Nothing here imports the rest of the app."""

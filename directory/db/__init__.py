"""SQL the directory runs, as Python expressions and their Python twins: text normalisation,
full-text search settings, distances. Nothing here imports the rest of the app."""

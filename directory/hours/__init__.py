"""Opening hours in OpenStreetMap's ``opening_hours`` syntax (data·inclusion's
``horaires_accueil``): parsing and validation (``parsing``), the weekly schedule that SQL tests
(``schedule``), the state at a moment (``state``) and their French and English text
(``text``). Parsing and evaluation are opening-hours-py's, with France's public holidays.
Imports nothing of the app."""

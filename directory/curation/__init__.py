"""Curation: every write that changes what the public sees, one function each (zulip's
``do_*`` actions are the model), and what goes with them: the entries' history, e-mails, the
staff's roles and spreadsheet imports.

- ``publishing``: publish and archive entries (the only code that changes a status);
- ``decisions``: the curators' decisions on the public's proposals;
- ``proposals``: a proposal from the public, and publishing, refusing or returning it;
- ``reports``: error reports from the public;
- ``verification``: confirming that entries are still accurate;
- ``privacy``: erasing personal data after its retention period;
- ``history``, ``notifications``, ``roles``, ``imports``.
"""

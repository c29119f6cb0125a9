"""A discrete-event model of the service (SimPy), for demo data and what-if questions.

* ``config``: products, volumes, seasonality and waves, teams (FTE), hours per case,
  triage (~25% expert track), information requests, extensions, refusal and withdrawal
  rates. Every figure is a named field, so a what-if is a changed config
  (``with_capacity``, ``with_inflow``).
* ``stages``: the one mapping from the model's process roles to the catalogue's stage codes.
* ``model.simulate``: pure (no database, no global random); deterministic for a seed and
  ``now``; returns ``CaseFacts`` and ``EventRow``s that obey the cases app's transition table.
* ``services``: loading through ``loket.cases.services.events_import``, CSV output.
* ``loket simulate``: the command line (``--days --seed --scale --capacity --inflow --only
  --csv --facts-csv --dry-run``).
"""

"""Loket: a service-delivery platform for an immigration and naturalisation service."""

import os

# LightGBM (and scikit-learn) run on OpenMP, whose threads by default spin for a long
# while when they wait for each other. On a machine whose cores are shared with other work
# (a 2-core VM, CI, a server running the portal beside the nightly refresh) the spinning
# threads fight the other processes: a LightGBM fit under ``nice`` beside one busy process
# took 72 s instead of 2.5 s. Waiting passively at once fixes that but makes small fits on
# an idle machine five times slower (the test suite: 2.1 -> 11.2 s per training); a short
# spin (10,000 rounds, microseconds) before sleeping keeps the idle speed (2.1 s) and stays
# at 5.5 s in the busy case (benchmarks/openmp_wait_policy.py, BENCHMARKS.md "Speed").
# OpenMP reads these once, when it is first loaded, so they are set before any module of
# Loket can import LightGBM; an operator's own settings win.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("GOMP_SPINCOUNT", "10000")

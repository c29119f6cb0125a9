"""Loket: a service-delivery platform for an immigration and naturalisation service."""

import os

# LightGBM (and scikit-learn) run on OpenMP, whose threads by default spin while they wait
# for each other. On a machine whose cores are shared with other work (a 2-core VM, CI,
# a server running the portal beside the nightly refresh) the spinning threads fight the
# other processes: a LightGBM fit with 2 threads beside one busy process took 61-69 s
# instead of 4.4-4.8 s (BENCHMARKS.md, "Speed"). Waiting passively costs nothing
# measurable on an idle machine. OpenMP reads this once, when it is first loaded, so it is
# set before any module of Loket can import LightGBM; an explicit setting wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

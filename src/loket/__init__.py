"""Loket: a service-delivery platform for an immigration and naturalisation service."""

import os

# LightGBM (and scikit-learn) run on OpenMP, whose threads by default spin while they wait
# for each other. On a machine whose cores are shared with other work (a 2-core VM, CI,
# a server running the portal beside the nightly refresh) the spinning threads fight the
# other processes: a LightGBM fit under ``nice`` beside one busy process took 72 s
# instead of 2.5 s (benchmarks/openmp_wait_policy.py, BENCHMARKS.md "Speed"). On an idle
# machine passive waiting makes the same fit slower (1.6 -> 2.6 s): a bounded cost for
# never being 28 times slower. OpenMP reads this once, when it is first loaded, so it is
# set before any module of Loket can import LightGBM; an explicit setting wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

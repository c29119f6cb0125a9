"""Remaining-time forecasts for open cases: median and a calibrated 80% interval.

The core is pure (no Django, no database) so it is testable and reusable from jobs:

* :func:`loket.lib.forecasting.engine.train` -- ``train(log, *, seed, state) -> ForecastModel``
* :func:`loket.lib.forecasting.engine.predict` -- ``predict(model, log, case_idx, k, *, state)
  -> Forecast(median, lo80, hi80)`` in days
* :class:`loket.lib.forecasting.features.ProcessState` -- the process "now" (backlog, recent
  throughput) for inter-case features: ``ProcessState.from_logs(completed, open_cases)``
* :func:`loket.lib.backtests.backtest.run_backtest` -- the shared evaluation protocol

Nothing is imported here, so loading the Django app does not load LightGBM.
"""

"""Performance harness of the dashboard: ``python -m benchmarks.run`` (see README.md)."""

"""Tooling shared by the tests, the benchmarks, the load test and the cluster: build a store, start a server.

Nothing here is imported by the dashboard itself.
"""

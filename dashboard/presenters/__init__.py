"""Presenters: each domain's French labels and display formatting, as pure functions.

A presenter turns what a read function returns (a summary dataclass or a frame) into
what a page shows (metrics, captions, tables with French headers and values). It
imports neither Streamlit nor the database, so it is unit-tested without an app; pages
only compose sections from it (see ``dashboard.layout``).
"""

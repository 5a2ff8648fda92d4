"""Load test of a running dashboard server: many light Streamlit sessions at once.

A browser per session would measure the browsers, not the server, on a small
machine; :mod:`loadtest.client` speaks Streamlit's own websocket protocol
instead, so that twenty or more sessions fit beside the server on two cores.
``python -m loadtest.run --help`` describes the command line.
"""

"""The local dashboard and its JSON API (`detente serve`), over the same typed Assessment.

Importing this package is cheap; the web stack loads in `detente.app.server.create_app`.
"""

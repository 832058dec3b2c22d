"""Jam-wide pages of the sessions app: housekeeping rules, accessibility, shared vision.

Mounted at /jams/<slug>/ in the "space" namespace (the space a Jam holds).
"""

urlpatterns: list = []

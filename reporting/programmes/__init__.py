"""Programmes: the cohorts of hosts CIVICUS staff follow, and which Jams are in each."""

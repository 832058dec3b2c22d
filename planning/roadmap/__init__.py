"""The countdown roadmap from three weeks out to the day: the toolkit's steps, each due a
number of days from a session (``dates``), ticked, skipped or added by the team.
"""

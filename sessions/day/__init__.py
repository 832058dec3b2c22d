"""The day's records: attendance (walk-ins too) and the team's notes on each item."""

"""Closing feedback, anonymous: one thing learned, one liked, one to improve."""

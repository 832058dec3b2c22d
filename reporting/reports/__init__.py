"""The host's report: the toolkit's fourteen questions (``questions``), prefilled from what
the app knows, saved as a draft, submitted, and as a PDF.
"""

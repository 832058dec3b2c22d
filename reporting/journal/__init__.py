"""The host's journal: dated entries with the toolkit's prompts."""

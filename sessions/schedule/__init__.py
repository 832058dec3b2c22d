"""Adding, changing and removing a Jam's sessions, and what a page open on a removed one says."""

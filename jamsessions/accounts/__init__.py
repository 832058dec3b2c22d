"""Accounts for hosts, their team and reviewers: email login, sign-in links, password reset."""

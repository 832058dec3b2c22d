"""The project's core: settings, the accounts (email login), flood caps (``pace``), text on
one line, the mail path, PDFs and fonts, times and zones, downloads; at the top, the URLs,
the demo command and the actions that reach across apps (``actions``).
"""

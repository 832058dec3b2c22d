"""The guest's own page at ``/i/<token>/``: the sessions, their answer, the place once they
said yes, their needs and profile, their calendar files and PDFs, their data and erasing it.
"""

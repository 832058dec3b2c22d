"""A session's agenda: the builder, its items timed on the session's clock (``timed``), the
toolkit's templates and activities (``toolkit``) and the agenda PDF (``pdf``).
"""

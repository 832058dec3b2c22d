"""Template filters of the sessions app: who may do what (``sessions.rules``), asked by pages."""

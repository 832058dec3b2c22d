"""Reporting, above planning and sessions: the host's report (``reports``), the journal
(``journal``), programmes (``programmes``) and the staff's review space (``review``).
"""

"""Emails to guests: invitations, reminders, change and cancellation notices, host messages.

Every email to a guest is first a ``GuestMessage`` row (``record``), then delivered by the
worker exactly once (``delivery``), built from what is stored at that moment (``build``).
Reminders are deferred tasks (``reminders``); what the host and the plan send is in
``notices``; the worker's entry points are ``tasks``. What the host sees of it all is
``planning.guests.log``.
"""

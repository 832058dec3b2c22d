"""Writes that reach across apps, each one action function in one transaction, and the pages
that call them.

An app's own writes are its services; when one write must also change another app (a
new Jam gets its space, its first session and its programme; a Jam's new place reaches
the guests who said yes), it is an action here, on top of every app, as Zulip's
``zerver/actions`` are. Apps never call up into this layer.

The pages that take in a whole Jam live here too: its export (each app gives its own part,
gathered in ``export.py``) and deleting it, which says first what goes with it in every app.
"""

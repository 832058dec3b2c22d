"""The Jam and its dated sessions: their models, the Jams a person may see, a Jam's details,
the forms for a session's date, time, zone and place, the zone a new session starts on
(``zones``) and ``<session:key>`` in addresses (``converters``).
"""

"""A Jam's guests: who is invited, what they answered, what they need, and their privacy.

Participants never make an account. Each guest has a personal link,
``/i/<token>/``, whose token is the guest's ``link_key`` signed with the site's
secret: a copy of the database alone yields no working link, and giving the
guest a new key (``guest_link_revoke``) makes every earlier link stop working.

Links are ``tokens``; selectors read (``guest_list``, ``diversity_summary`` …); services
write (``guest_create``, ``guests_import``, ``rsvp_set``, ``guest_erase`` …). The list page
is ``views`` (with ``table``, ``page``, ``log``).
Emails to guests are sent by ``sessions.messages``; ``planning.guests.log`` shows them.
"""

"""Team emails (password resets, sign-in links, team invitations): each is recorded before it
is sent, sent once by the worker, retried on a provider error and shown when it fails; and
what every outbox of the project shares (``sending``: statuses, retries, errors)."""

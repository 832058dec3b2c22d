"""The project's settings for worker processes started by tests: the same, with the worker's
bounds in seconds instead of minutes, and the mail service of ``recording_email_backend``."""

from jamsessions.settings import *  # noqa: F403

DEBUG = False  # as in production: no query log
EMAIL_BACKEND = "tests.worker.recording_email_backend.EmailBackend"
WORKER_BEAT_SECONDS = 0.2
WORKER_LOST_AFTER_SECONDS = 2
WORKER_HEAL_SECONDS = 1
# Long enough that a batch cut short is taken up by the lease above, not by the heal's sweep.
EMAIL_WAITING_TOO_LONG_SECONDS = 30

"""The background worker heals itself, with no cron job: ``manage.py worker`` is django-tasks-db's
``db_worker`` with a heartbeat (``beat``), so that the task of a worker that died is taken up
again (``recovery``), and a periodic heal that sends what was left waiting (``heal``)."""

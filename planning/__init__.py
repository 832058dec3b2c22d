"""The Jam and its plan, the lowest layer of the domain: the Jam and its dated sessions
(``jams``), the organising team (``team``), the countdown roadmap (``roadmap``), materials
(``materials``) and the guests with their answers (``guests``). Who may do what is
``rules``. Planning imports no other app: the others build on it.
"""

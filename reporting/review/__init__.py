"""The staff's review space at ``/review/``: where each Jam stands (``standing``), the
queue (``queue``), figures and charts (``figures``, ``charts``), search (``search``) and
the CSV export (``export``). Reviewers see counts, never people.
"""

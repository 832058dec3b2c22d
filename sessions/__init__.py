"""What happens in and around each session (app label ``gatherings``): adding, moving and
removing sessions (``schedule``), the agenda and its PDF (``agenda``), the space a Jam
holds (``space``), calendar files (``calendar``), the emails guests get (``messages``),
the guest's own page (``participant``), and the day itself: run-of-show (``run``),
attendance and notes (``day``), the question box (``box``) and closing feedback
(``feedback``). It builds on planning, never the other way round.
"""

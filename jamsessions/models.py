"""The core's own models, where Django looks for them: the flood caps' counts (``pace``)."""

from jamsessions.pace import Pace

__all__ = ["Pace"]

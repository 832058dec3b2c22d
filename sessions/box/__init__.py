"""The anonymous question box at ``/q/<code>/``, paced, with its QR code."""

"""Calendar files (RFC 5545): a session's invitation and cancellation, and the team's feed."""

"""The organising team: members and their roles, emailed invitations to join, leaving."""

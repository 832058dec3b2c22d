"""The space a Jam holds: house rules, the accessibility checklist and the vision."""

"""Materials and tools the team gathers for a Jam, the toolkit's suggestions included."""

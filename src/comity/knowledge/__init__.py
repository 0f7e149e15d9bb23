"""What comity knows about actors: states, people and their dated roles, organisations,
places, occasions, titles and domain lexicons."""

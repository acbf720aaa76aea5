"""Persian text in images: one font and one shaping step for posters and charts."""

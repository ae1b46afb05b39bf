"""A community's weekly synthesis: drafted from the week's data, edited and published by
its synthesizers."""

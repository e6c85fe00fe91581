"""`make bench`: build time, memory and sizes at 1x, 10x and 100x the real content."""

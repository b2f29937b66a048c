"""Demo store assets, drawn with Pillow: not installed, not needed by a merchant."""

"""Models of the Processing register app."""

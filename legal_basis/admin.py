"""Admin of the Processing register app."""

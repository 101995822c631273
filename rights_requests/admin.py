"""Admin of the Rights requests app."""

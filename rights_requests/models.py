"""Models of the Rights requests app."""

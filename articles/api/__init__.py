"""The syndication API under /api/v1/: read-only, published content only, JSON and ninjs."""

"""The REST API under /api/v1/: DRF views that validate, call one service or selector, and serialise."""

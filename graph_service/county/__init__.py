"""A county from scratch: shipped reference data (Destatis register, BKG boundaries) and ``init``."""

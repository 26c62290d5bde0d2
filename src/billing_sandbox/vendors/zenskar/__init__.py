"""Zenskar: FastAPI errors, ``x-api-key`` + ``organisation`` headers."""

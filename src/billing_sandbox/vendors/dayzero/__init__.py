"""DayZero: FastAPI errors with input/ctx, ``Authorization: Bearer`` + ``x-business-id``."""

"""billing-sandbox: a stateful sandbox of billing APIs generated from their OpenAPI documents."""

__version__ = "0.1.0"

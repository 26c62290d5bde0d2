"""The request pipeline: routing, authentication, validation, handler or generated answer."""

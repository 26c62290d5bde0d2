"""Chargebee: HTTP Basic with the API key as user name; form bodies; its error format."""

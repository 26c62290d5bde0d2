"""Text from the wire (query strings, headers, bracket form bodies) turned into typed values."""

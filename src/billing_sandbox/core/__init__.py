"""The billing ledger: pure Python. No HTTP, no TinyDB, no vendor names."""

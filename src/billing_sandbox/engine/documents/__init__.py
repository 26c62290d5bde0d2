"""Reading OpenAPI documents as written: files, merging a vendor's files, operations."""

"""One model per document: schemas resolved, validated, and values generated from them."""

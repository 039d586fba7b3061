"""A case as per-document files (folder or zip): safe extraction, order from names, binding."""

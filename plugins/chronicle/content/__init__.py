"""content/: reading, validating and resolving the YAML editors keep, and writing it safely."""

"""The model and its values: data classes, dates, ids, YAML with line numbers, rule files."""

"""documents -> case facts: case numbers, people, dated events, cover fields, other-case pages."""

"""What rendered frames measure: pure functions on numpy arrays, and streaming decode."""

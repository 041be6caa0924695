"""What rendered frames measure: pure functions on numpy arrays, and streaming decode."""

#: Files read as a folder of frames, in name order.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")

"""What rendered frames measure: pure functions on numpy arrays, and streaming decode."""

#: Files read as a folder of frames, in name order.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


class VideoError(Exception):
    """A render that cannot be read at all (missing, not a video, no video stream)."""

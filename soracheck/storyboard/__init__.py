"""The model of a project: what a storyboard *is*, how it is read, and how it is compiled."""

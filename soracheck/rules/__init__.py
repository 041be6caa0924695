"""What is wrong with a storyboard: judgement, never measurement."""

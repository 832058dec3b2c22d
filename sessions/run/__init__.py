"""The run-of-show on the day: the item on now, its time left, moving on, the questions."""

"""The counter: the queue, the person being served, and issuing numbers."""

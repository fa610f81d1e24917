"""The public display mode: the queue board seen from across the waiting room."""

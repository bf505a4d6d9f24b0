"""The domain. No Qt here: services take plain values and return plain dataclasses."""

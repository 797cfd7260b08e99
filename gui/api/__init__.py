"""The provider's API: client, typed results, errors, and the pure helpers for texts and numbers.

Plain Python: nothing in this package imports Qt.
"""

"""The model and what derives from it without files or pages.

May import: the standard library and nothing else of ``kb``; ``model`` imports neither files nor pages.
"""

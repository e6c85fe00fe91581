"""Build infrastructure: atomic writes, the content cache, the reproducible zip, the build runner.

May import: ``kb.core``.
"""

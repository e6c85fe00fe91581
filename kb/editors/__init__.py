"""Editors' tools that write into ``data/``: report import, drafts and ``kb new``.

May import: every layer below (``kb.core`` to ``kb.publish``).
"""

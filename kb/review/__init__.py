"""What changed in the knowledge between two revisions: ``kb diff`` and the edition history.

May import: ``kb.core``, ``kb.infra``, ``kb.load``.
"""

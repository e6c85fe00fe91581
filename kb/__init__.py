"""Domain logic of the epidemic-prevention knowledge base.

Nothing in this package imports MkDocs: the hooks in ``hooks/`` adapt it to the
build, and the ``kb`` command uses it directly.
"""

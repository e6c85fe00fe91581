"""Domain logic of the epidemic-prevention knowledge base.

Nothing in this package imports MkDocs: the hooks in ``hooks/`` adapt it to the
build, and the ``kb`` command (``cli``, ``entry``) uses it directly.

Sub-packages, lowest first; each may import only those before it (``tests/test_layers.py``):

- ``core``     the model and what derives from it without files or pages: vocabularies' records,
               messages, problems, the sanitiser, statistics, the JSON export, checklist columns
- ``infra``    build infrastructure: atomic writes, the content cache, the zip, the build runner
- ``load``     reading and checking ``data/``: YAML with lines, schemas, rules, content lint, names
- ``review``   what changed between two revisions: ``kb diff`` and the edition history
- ``publish``  pages, exports and outputs: rendering, markers, plans, search, post-build steps
- ``editors``  editors' tools that write into ``data/``: import, drafts, ``kb new``
"""

# The order of the layers above; tests/test_layers.py checks every import against it.
LAYERS = ("core", "infra", "load", "review", "publish", "editors")

"""Pages, downloads and outputs built from a loaded knowledge base.

May import: ``kb.core``, ``kb.infra``, ``kb.load``, ``kb.review``; never MkDocs or the hooks.
"""

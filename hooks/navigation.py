"""Add each sector's guide and checklist to the navigation, in the sectors' order, from data/sectors/.

mkdocs.yml lists only the two sections' index pages; the sector pages come from the knowledge base
(kb.publish.site.sector_nav), so a new sector needs no hand-edited list.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from kb.publish.site import extend_nav


@event_priority(80)  # after hooks/knowledge.py has loaded the data (90)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.nav = extend_nav(config.nav, config["kb"])
    return config

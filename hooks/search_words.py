"""Point the search plugin's jieba user dictionary at data/search_words.txt.

The plugin resolves the path against the working directory, so it is set here, from the
config file's folder, before the plugin reads it (higher priority runs first).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None:
        search.config.jieba_dict_user = str(Path(config.config_file_path).parent / "data" / "search_words.txt")
    return config

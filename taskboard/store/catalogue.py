"""How refusals list the skills and sites a file knows: `welding (电焊)`, `funing (阜宁社区)`.

One wording for the store's own checks and for names typed in any language
(`store.names`), so a coordinator sees the same list whichever refused them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from taskboard.model.kinds import in_language
from taskboard.model.text import visible


def known_skills(docs: Iterable[dict[str, Any]]) -> str:
    """`carpentry (木工), cctv (监控安装), …` by key, or `none yet`."""
    listed = sorted((str(doc["key"]), str(doc.get("label_zh") or "")) for doc in docs)
    return ", ".join(f"{key} ({label})" if label else key for key, label in listed) or "none yet"


def skill_labels(docs: Iterable[dict[str, Any]], lang: str) -> dict[str, str]:
    """Skill key → its label in `lang`, from the stored records as read (no model built,
    so the board's first screen needs no pydantic), control characters written out."""
    return {
        str(doc["key"]): visible(in_language(lang, doc["label_en"], doc["label_zh"]), lines=False)
        for doc in docs
    }


def known_sites(docs: Iterable[dict[str, Any]]) -> str:
    """`funing (阜宁社区), jingshan (景山社区)` by id, or `none yet`."""
    listed = sorted((str(doc["id"]), str(doc.get("name") or "")) for doc in docs)
    return ", ".join(f"{key} ({name})" if name else key for key, name in listed) or "none yet"

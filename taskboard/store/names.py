"""Skills and sites by any name a coordinator types: `welding`, `电焊`, `Welding`;
`funing`, `阜宁社区`, `阜宁`.

Records store keys (`welding`, `funing`); people think in names, often Chinese
ones. Every place a coordinator types a skill or a site — command options,
form fields, sheet columns — reads it through here, so `--need 电焊:1` means
what the hint `welding (电焊)` shows, with the file's own catalogue (a skill a
site added, with its own Chinese label, included).
"""

from __future__ import annotations

from collections.abc import Callable

from taskboard.i18n import _
from taskboard.store.catalogue import known_sites, known_skills
from taskboard.store.errors import NotFound
from taskboard.store.store import Store


def fold(text: str) -> str:
    """A name as compared: case and spacing ignored, `-`, `_` and spaces alike."""
    return "_".join(text.strip().casefold().replace("-", " ").replace("_", " ").split())


def skill_key(store: Store, text: str) -> str:
    """The key of the skill `text` names (its key, English or Chinese label).

    Raises NotFound listing the known skills, both ways, when nothing matches.
    """
    key = skill_names(store).get(fold(text))
    if key is not None:
        return key
    docs = list(store.skills.live())
    message = _("unknown skill {skill} (known: {known})")
    raise NotFound(message.format(skill=repr(text), known=known_skills(docs)))


def skill_names(store: Store) -> dict[str, str]:
    """Every way the file's skills are written (`fold`ed: key, English and Chinese label)
    → the skill's key; what sheet columns of skills are read with."""
    names: dict[str, str] = {}
    for doc in store.skills.live():
        for spelling in (doc["label_zh"], doc["label_en"], doc["key"]):  # the key wins
            names[fold(spelling)] = str(doc["key"])
    return names


def skill_reader(store: Store) -> Callable[[str], str]:
    """A function giving the key of a skill typed any way the file knows it; anything
    else comes back as typed, for the store's own check to refuse with the known list."""
    names = skill_names(store)
    return lambda text: names.get(fold(text), text.strip())


def site_id(store: Store, text: str) -> str:
    """The id of the site `text` names: its id, its name, or its name without 社区."""
    wanted = fold(text)
    docs = list(store.sites.live())
    for doc in docs:
        name = fold(doc["name"])
        if wanted in {fold(doc["id"]), name, name.removesuffix("社区")}:
            return str(doc["id"])
    message = _("unknown site {site} (known: {known})")
    raise NotFound(message.format(site=repr(text), known=known_sites(docs)))

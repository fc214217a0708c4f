"""The store: typed access to the data file for the CLI, the TUI and sync.

Reads go straight to the in-memory tables (a list comprehension over dicts is
an order of magnitude faster than a TinyDB query); models are built only for
the records a caller asks for, never for the whole file at start-up. Every
change goes through `create`, `update` or `delete`, which validate the model,
stamp the changed fields for merging, write a history entry and save once per
transaction. A change computed from a record (add a tag, tick an item) is made
with `modify`, which hands the caller the record as it is under the lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson
from tinydb import TinyDB
from tinydb.table import Table as TinyTable

from taskboard import model as models
from taskboard.model.errors import Phrase, describe_validation_error
from taskboard.model.rules import Breach, adult_only
from taskboard.model.text import STORED
from taskboard.store import backups
from taskboard.store.catalogue import known_sites, known_skills
from taskboard.store.clock import HybridClock
from taskboard.store.errors import Ambiguous, CorruptFile, NotFound, NotInitialised, StoreError
from taskboard.store.ranks import ColumnEnds
from taskboard.store.records import DELETED, public, stamp_created, stamp_edited
from taskboard.store.schema import SCHEMA_VERSION, is_outdated, migrate
from taskboard.store.shape import MODELS as MODELS
from taskboard.store.storage import (
    FORMAT_NAME,
    META_ID,
    META_TABLE,
    AtomicJSONStorage,
    RecordStorage,
    Tables,
    set_aside,
)
from taskboard.store.tables import MODEL_NAME, HistoryRecords, Records, Table

if TYPE_CHECKING:  # the model classes (and pydantic) load when a record is first built
    from pydantic import BaseModel

    from taskboard.model import (
        Assignment,
        Campaign,
        HoursEntry,
        Series,
        Site,
        Skill,
        Suggestion,
        Task,
        Visit,
        Volunteer,
    )

M = TypeVar("M", bound="BaseModel")

TABLE_OF: dict[str, str] = {name: str(table) for table, name in MODEL_NAME.items()}
"""The table each model's records live in, by the model's name."""
KEY_FIELD = {"skills": "key"}
"""Tables whose records are identified by a field other than `id`."""
UNHISTORIED = frozenset({"history"})
_REF_FORMS = {
    "tasks": re.compile(r"([a-z][a-z0-9_-]*?)-([0-9]+)"),
    "volunteers": re.compile(r"([a-z][a-z0-9_-]*?)-v([0-9]+)"),
    "suggestions": re.compile(r"([a-z][a-z0-9_-]*?)-s([0-9]+)"),
    "campaigns": re.compile(r"([a-z][a-z0-9_-]*?)-c([0-9]+)"),
    "series": re.compile(r"([a-z][a-z0-9_-]*?)-r([0-9]+)"),
}
"""Tables whose records carry references, and the form: site id, then the number."""
_REF_LETTER = {"volunteers": "v", "suggestions": "s", "campaigns": "c", "series": "r"}
"""The letter between site and number in each table's references (tasks have none)."""
_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


class InvalidRecord(StoreError):
    """A change would store a record that breaks a rule; nothing was saved."""


class RuleBroken(InvalidRecord):
    """A record breaks a hard rule across records (`taskboard.model.rules`); `breach` says which."""

    def __init__(self, who: str, breach: Breach) -> None:
        super().__init__(f"{who}: {breach.text()}")
        self.breach = breach


@dataclass(frozen=True)
class Restored:
    """What `Store.restore_backup` did."""

    store: Store
    """The data file, now holding the backup."""
    previous: Path | None
    """The backup that holds the state before (None: there was no readable data)."""
    set_aside: list[Path] = field(default_factory=list)
    """Where damaged files went (the data file and its journal, or the journal only)."""


class RecordTable(TinyTable):
    """A TinyDB table keyed by our string ids, with batched puts.

    Stock `Table.insert` and `update` rebuild the whole table for every call;
    `put_many` touches only the given documents.
    """

    document_id_class = str  # type: ignore[assignment]

    def put_many(self, docs: dict[str, dict[str, Any]]) -> None:
        """Insert or replace documents by id in one step."""
        storage = self.storage
        assert isinstance(storage, RecordStorage)
        storage.put(self.name, docs)
        self.clear_cache()

    def raw(self) -> dict[str, dict[str, Any]]:
        """The table's documents by id, uncopied: read, never change."""
        return self._read_table()  # type: ignore[return-value]


class TaskboardDB(TinyDB):
    """TinyDB whose tables are `RecordTable`s."""

    table_class = RecordTable


def default_who() -> str:
    """The name history uses when no coordinator is set."""
    try:
        return getpass.getuser()
    except Exception:  # no login name on some systems
        return "coordinator"


class Store:
    """One data file (or an in-memory one), as records and models."""

    def __init__(self, storage: RecordStorage, *, who: str | None = None) -> None:
        self.storage = storage
        self.db = TaskboardDB(storage=lambda: storage)
        self.path: Path | None = getattr(storage, "path", None)
        self._unmigrated: bytes | None = None
        """The file as read before migrating, encoded: one object, not a second copy of
        every record for the garbage collector to walk (a board may never save)."""
        if self.meta and self._migrate(storage.data):
            storage.mark_rewrite()
        if isinstance(storage, AtomicJSONStorage):
            storage.on_load = self._migrate
        self.clock = HybridClock(int(self.meta.get("hlc", 0)))
        self._who = who
        self._refs: dict[str, tuple[tuple[int, int], dict[str, list[str]]]] = {}
        """Table → (the `revision` it was built at, reference index); see `_ref_index`."""
        self._numbers: dict[str, int] = {}
        """Table → highest reference number handed out; dropped with the table's index."""
        self._groups: dict[
            tuple[str, str], tuple[tuple[int, int], dict[str, list[dict[str, Any]]]]
        ] = {}
        """(table, field) → (the `revision` it was built at, live records by that field);
        see `grouped`."""
        self._hours: tuple[tuple[int, int], dict[str, float]] | None = None
        """(the hours table's `revision`, hours per assignment); see `hours_by_assignment`."""
        self.last_backup: Path | None = None
        """The backup holding the state before the current change, if one was due."""
        self._bulk: bool | None = None
        """Inside `bulk_change`: True until its backup is taken, then False."""
        self._column_ends = ColumnEnds()
        """The lowest and highest rank per column, for moves (see `store.ranks`)."""
        self.sites: Records[Site] = Records(self, Table.SITES)
        self.skills: Records[Skill] = Records(self, Table.SKILLS)
        self.volunteers: Records[Volunteer] = Records(self, Table.VOLUNTEERS)
        self.tasks: Records[Task] = Records(self, Table.TASKS)
        self.assignments: Records[Assignment] = Records(self, Table.ASSIGNMENTS)
        self.hours: Records[HoursEntry] = Records(self, Table.HOURS)
        self.suggestions: Records[Suggestion] = Records(self, Table.SUGGESTIONS)
        self.history = HistoryRecords(self, Table.HISTORY)
        self.campaigns: Records[Campaign] = Records(self, Table.CAMPAIGNS)
        self.visits: Records[Visit] = Records(self, Table.VISITS)
        self.series: Records[Series] = Records(self, Table.SERIES)

    # Opening ---------------------------------------------------------------------
    def _migrate(self, data: Tables) -> bool:
        """Bring freshly read tables to the current schema.

        The original is kept in memory and written as a backup before the first
        save, so a migration can be undone; opening alone writes nothing.
        """
        if data.get(META_TABLE) and is_outdated(data, self.path):
            self._unmigrated = orjson.dumps(data)
        return migrate(data, self.path) if data.get(META_TABLE) else False

    @classmethod
    def open(cls, path: Path, *, who: str | None = None, must_exist: bool = True) -> Store:
        """Open the data file at `path`; a missing file is an error unless `must_exist=False`."""
        store = cls(AtomicJSONStorage(path), who=who)
        if must_exist and not store.initialised:
            raise NotInitialised(
                f"no taskboard data at {path}: create it with"
                " `taskboard init --site ID --name NAME` or `taskboard demo`"
            )
        return store

    @classmethod
    def restore_backup(cls, path: Path, name: str, *, who: str | None = None) -> Restored:
        """Put backup `name` in place of the data at `path`, even when that is damaged.

        The current state is backed up first when it can be read; a damaged data
        file or journal is moved aside under a `.damaged-…` name (never deleted),
        so restoring is possible exactly when it is needed.
        """
        data = backups.read_backup(path, name)  # a bad backup changes nothing
        moved: list[Path] = []
        while True:  # each round moves a damaged file away, so this ends
            try:
                store = cls.open(path, who=who, must_exist=False)
                break
            except CorruptFile as error:
                aside = set_aside(path, error.path) if error.path is not None else []
                if not aside:
                    raise
                moved += aside
        previous = store.replace_all(data)
        return Restored(store, previous, moved)

    @classmethod
    def memory(cls, *, who: str | None = None) -> Store:
        """A store that lives only in memory (tests, previews)."""
        return cls(RecordStorage(), who=who)

    def initialise(self, site: Site, coordinator: str | None = None) -> None:
        """Make this an empty data file of `site` with the default skill catalogue."""
        with self.transaction():  # checked under the lock: two `init`s at once make one site
            if self.initialised:
                raise StoreError(
                    f"{self.path or 'this data'} already belongs to site {self.site!r};"
                    " use another --db for a new site"
                )
            meta = {
                "format": FORMAT_NAME,
                "schema": SCHEMA_VERSION,
                "site": site.id,
                "coordinator": coordinator or "",
                "created": dt.datetime.now().isoformat(timespec="seconds"),
            }
            self.storage.put(META_TABLE, {META_ID: meta})
            self.create("sites", site)
            for skill in models.DEFAULT_SKILLS:
                self.create("skills", skill)
            self.storage.mark_rewrite()

    @property
    def meta(self) -> dict[str, Any]:
        """The file's own settings: format, schema, local site, coordinator, clock."""
        return self.storage.data.get(META_TABLE, {}).get(META_ID, {})

    @property
    def initialised(self) -> bool:
        """True once `initialise` has given the file a site."""
        return bool(self.meta.get("site"))

    @property
    def site(self) -> str:
        """The local site id every change made here is stamped with."""
        site = self.meta.get("site")
        if not site:
            raise NotInitialised("this data file has no site yet: run `taskboard init`")
        return str(site)

    @property
    def who(self) -> str:
        """Who changes are recorded as: given name, else the file's coordinator."""
        return self._who or str(self.meta.get("coordinator") or "") or default_who()

    @contextlib.contextmanager
    def acting_as(self, who: str) -> Iterator[None]:
        """Record the changes made inside as `who`'s (a volunteer answering on the phone
        page); other threads' changes wait, so they are never recorded under that name."""
        with self.storage.guard:
            before, self._who = self._who, who
            try:
                yield
            finally:
                self._who = before

    # Transactions ----------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self, *, bulk: bool = False) -> Iterator[None]:
        """Lock, catch up with other processes, and save once at the end.

        One thread writes at a time: a transaction begun in another thread (the
        board while a merge runs in a worker) waits for this one to end, then
        starts its own; it never joins this one nor is rolled back with it.

        `bulk=True` says the transaction changes many records at once: see `bulk_change`.
        """
        if bulk:
            with self.bulk_change(), self.transaction():
                yield
            return
        with self.storage.guard:  # one writer: another thread's transaction waits
            outer = not self.storage.in_transaction
            try:
                with self.storage.transaction():
                    if outer:
                        self._before_changes()
                    yield
                    if outer and self.storage.dirty:
                        self._save_clock()
            except BaseException:
                self._forget_refs()  # references minted in the failed change are void
                raise

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """A consistent read of many records (a matching snapshot built in a worker):
        no other thread writes until it ends. Reads the UI thread makes between its
        own changes need none."""
        with self.storage.guard:
            yield

    @contextlib.contextmanager
    def bulk_change(self) -> Iterator[None]:
        """Announce a change of many records at once (import, merge, demo, restore, apply).

        The first transaction inside takes a backup of the state before it, even
        when the newest backup is recent (unless that one holds the same state),
        so the whole change can be undone with `taskboard backup restore`.
        Later transactions in the same block take none.
        """
        with self.storage.guard:  # the whole block is one writer's
            outer = self._bulk is None
            if outer:
                self._bulk = True
            try:
                yield
            finally:
                if outer:
                    self._bulk = None

    def _before_changes(self) -> None:
        self.last_backup = None
        if self.path is not None and self._unmigrated is not None:
            backups.make_backup(self.path, orjson.loads(self._unmigrated))
            self._unmigrated = None
        if self.path is not None and self.initialised:
            self.last_backup = backups.back_up(self.path, self.storage.data, bulk=bool(self._bulk))
        if self._bulk:
            self._bulk = False
        self.clock.last = max(self.clock.last, int(self.meta.get("hlc", 0)))

    def _save_clock(self) -> None:
        self.storage.put(META_TABLE, {META_ID: {**self.meta, "hlc": self.clock.last}})

    def refresh(self) -> bool:
        """Pick up saves from other processes (the TUI polls this); True if any.

        While another thread writes (a merge in a worker) this is skipped rather
        than waited for: the poll comes again, and the board stays responsive.
        """
        if not self.storage.guard.acquire(blocking=False):
            return False
        try:
            return self.storage.refresh()
        finally:
            self.storage.guard.release()

    def revision(self, table: str) -> tuple[int, int]:
        """Changes whenever `table` may have changed: a cache key for derived views."""
        return self.storage.version, self.storage.revisions.get(table, 0)

    # Reading ---------------------------------------------------------------------
    def table(self, name: str) -> RecordTable:
        """The TinyDB table `name`."""
        table = self.db.table(str(name))  # a `Table` member: as plain text, a key in the file
        assert isinstance(table, RecordTable)
        return table

    def docs(self, table: str) -> dict[str, dict[str, Any]]:
        """Every stored record of `table` by id, removed ones included. Read only.

        Reads the storage's tables directly: this is on every key press's path.
        """
        return self.storage.data.get(table) or {}

    def live(self, table: str) -> Iterator[dict[str, Any]]:
        """Records of `table` that are not removed. Read only."""
        return (doc for doc in self.docs(table).values() if not doc.get(DELETED))

    def doc(self, table: str, record_id: str) -> dict[str, Any] | None:
        """One stored record by id, or None."""
        return self.docs(table).get(record_id)

    def model(self, table: str, doc: dict[str, Any], cls: type[M]) -> M:
        """Validate a stored record into its model.

        Read back as stored (`model.text.STORED`): a record an older taskboard wrote
        still opens when a text or date rule has since become stricter."""
        fields = public(doc)
        fields.pop(DELETED, None)
        return cls.model_validate(fields, context=STORED)

    def _ref_index(self, table: str) -> dict[str, list[str]]:
        """Reference (lower case) → ids of the records carrying it, removed ones included.

        A list, not one id: merges can bring two records with the same reference
        (a file restored from a backup, data of older versions), and a lookup
        must see both instead of silently picking one.
        """
        cached = self._refs.get(table)
        if cached is not None and cached[0] == self.revision(table):
            return cached[1]
        index: dict[str, list[str]] = {}
        for doc_id, doc in self.docs(table).items():
            if doc.get("ref"):
                index.setdefault(doc["ref"].lower(), []).append(doc_id)
        self._refs[table] = (self.revision(table), index)
        self._numbers.pop(table, None)
        return index

    def _keep_ref_index(self, table: str) -> None:
        """After putting records `_index_new` has indexed: the index is still current.

        Any other put (an edit, a merge, a resolved conflict) changes the table's
        revision and so rebuilds the index at the next lookup.
        """
        cached = self._refs.get(table)
        if cached is not None:
            self._refs[table] = (self.revision(table), cached[1])

    def _forget_refs(self) -> None:
        self._refs.clear()
        self._numbers.clear()

    def find(self, table: str, ref: str, *, removed: bool = False) -> dict[str, Any]:
        """A live record by reference or id (with `removed`, a removed one too).

        Every lookup by reference comes here, so this is where a reference that
        names several records is refused (Ambiguous, listing them with their ids)
        rather than answered with whichever came first.
        """
        key = ref.strip()
        doc = self.doc(table, key)
        if doc is None:
            docs = self.docs(table)
            found = [docs[i] for i in self._ref_index(table).get(key.lower(), ()) if i in docs]
            doc = _one_by_ref(table, ref, found, removed=removed)
        if doc is None:
            raise NotFound(Phrase("no {what} {ref}", what=Phrase(_singular(table)), ref=repr(ref)))
        if doc.get(DELETED) and not removed:
            raise NotFound(
                Phrase("{what} {ref} was removed", what=Phrase(_singular(table)), ref=repr(ref))
            )
        return doc

    def task(self, ref: str) -> Task:
        """A task by reference or id."""
        return self.model("tasks", self.find("tasks", ref), models.Task)

    def find_volunteer(self, query: str, *, removed: bool = False) -> dict[str, Any]:
        """A live volunteer by reference, id, exact name or phone number.

        With `removed`, any volunteer by reference or id, else a removed one by
        name or phone (to bring them back).
        """
        with contextlib.suppress(NotFound):
            return self.find("volunteers", query, removed=removed)
        wanted = query.strip()
        phone = _digits(wanted)
        docs = self.docs("volunteers").values()
        matches = [
            doc
            for doc in docs
            if bool(doc.get(DELETED)) == removed
            and (doc.get("name") == wanted or (phone and _digits(doc.get("phone") or "") == phone))
        ]
        if not matches:
            raise NotFound(
                Phrase(
                    "no volunteer {query} (try a reference like funing-v3, a name or a phone)",
                    query=repr(query),
                )
            )
        if len(matches) > 1:
            listed = ", ".join(f"{doc['ref']} ({doc.get('site') or '-'})" for doc in matches)
            which = "removed volunteers" if removed else "volunteers"
            raise Ambiguous(
                f"{len(matches)} {which} are called {query!r}: {listed}; use a reference"
            )
        return matches[0]

    def volunteer(self, query: str) -> Volunteer:
        """A volunteer by reference, id, exact name or phone number."""
        return self.model("volunteers", self.find_volunteer(query), models.Volunteer)

    def grouped(self, table: str, field: str) -> dict[str, list[dict[str, Any]]]:
        """Live records of `table` by the value of `field` (e.g. assignments by volunteer).

        Built once per revision of the table and kept, so that one person's or one
        task's records cost a lookup, not a walk through the district's tens of
        thousands (the phone page builds a volunteer's page on every refresh). Any
        put (an edit, a merge, a rollback, a reload) changes the revision and so
        rebuilds it at the next call. Read only, like `docs`.
        """
        cached = self._groups.get((table, field))
        revision = self.revision(table)
        if cached is not None and cached[0] == revision:
            return cached[1]
        index: dict[str, list[dict[str, Any]]] = {}
        for doc in self.live(table):
            index.setdefault(str(doc.get(field)), []).append(doc)
        self._groups[(table, field)] = (revision, index)
        return index

    def assignments_of_task(self, task_id: str) -> list[dict[str, Any]]:
        """Live assignments on one task."""
        return list(self.grouped("assignments", "task").get(task_id, ()))

    def assignments_of_volunteer(self, volunteer_id: str) -> list[dict[str, Any]]:
        """Live assignments of one volunteer."""
        return list(self.grouped("assignments", "volunteer").get(volunteer_id, ()))

    def hours_of_volunteer(self, volunteer_id: str) -> list[dict[str, Any]]:
        """Live hours entries of one volunteer."""
        return list(self.grouped("hours", "volunteer").get(volunteer_id, ()))

    def hours_by_assignment(self) -> dict[str, float]:
        """Logged hours summed per assignment id (kept until the hours change; read only)."""
        revision = self.revision("hours")
        if self._hours is not None and self._hours[0] == revision:
            return self._hours[1]
        totals: dict[str, float] = {}
        for doc in self.live("hours"):
            totals[doc["assignment"]] = totals.get(doc["assignment"], 0.0) + float(doc["hours"])
        self._hours = (revision, totals)
        return totals

    # Changing --------------------------------------------------------------------
    def create(self, table: str, model: M, *, action: str = "created") -> M:
        """Store a new record (assigning a reference where the table uses them)."""
        with self.transaction():
            model = self._with_ref(table, model, local=True)
            self.check(table, model)
            record_id = _record_id(table, model)
            if record_id in self.docs(table):
                raise InvalidRecord(f"{_singular(table)} {record_id} already exists")
            doc = stamp_created(model.model_dump(mode="json"), table, self.site, self.clock.tick())
            self._index_new(table, doc)
            self._put(table, {record_id: doc})
            self._keep_ref_index(table)
            self._log(table, doc, action, {})
        return model

    def create_many(
        self, table: str, models: Iterable[BaseModel], *, action: str | None = "created"
    ) -> int:
        """Store many new records in one batch; returns the count.

        `action=None` records no history (generated example data). References
        are kept as given, whichever site they name: this is how generated data
        of several sites is laid down. Records a user makes go through `create`.
        """
        with self.transaction():
            docs: dict[str, dict[str, Any]] = {}
            for model in models:
                model = self._with_ref(table, model)
                self.check(table, model)
                doc = stamp_created(
                    model.model_dump(mode="json"), table, self.site, self.clock.tick()
                )
                self._index_new(table, doc)
                docs[_record_id(table, model)] = doc
                if action:
                    self._log(table, doc, action, {})
            self._put(table, docs)
            self._keep_ref_index(table)
        return len(docs)

    def replace_all(self, data: Tables) -> Path | None:
        """Put `data` (a backup, or freshly built demo data) in place of everything.

        The current state is backed up first, so this too can be undone.
        Returns the backup's path (None for a file that held nothing yet).
        """
        with self.transaction(bulk=True):
            before = self.last_backup
            hlc = self.clock.last
            self.storage.write(data)
            self.clock.last = max(hlc, int(self.meta.get("hlc", 0)))
            self.storage.mark_rewrite()
        return before

    def modify(
        self,
        cls: type[M],
        record_id: str,
        change: Callable[[M], dict[str, Any]],
        *,
        action: str = "edited",
    ) -> M:
        """Change a record by a function of the record as it is now; returns the result.

        `change` gets the live record read inside the locked transaction, after
        catching up with what other processes saved, and returns the fields to
        set. Every change that depends on a record's values (add a tag, tick one
        checklist item, raise a count) goes through here: computed from a copy
        read before the lock, it would write back that copy's version of the
        whole field and silently undo whatever another process saved meanwhile.
        `change` may raise to refuse; nothing is then saved.
        """
        table = TABLE_OF[cls.__name__]
        with self.transaction():
            doc = self.doc(table, record_id)
            if doc is None:
                raise NotFound(f"no {_singular(table)} {record_id}")
            current = self.model(table, doc, cls)
            if doc.get(DELETED):
                label = getattr(current, "ref", None) or record_id
                raise NotFound(f"{_singular(table)} {label!r} was removed")
            changes = change(current)
            if not changes:
                return current
            model = self.update(table, record_id, changes, action=action)
        assert isinstance(model, cls)
        return model

    def update(
        self, table: str, record_id: str, changes: dict[str, Any], *, action: str = "edited"
    ) -> BaseModel:
        """Change some fields of a record; validated against the whole model first."""
        with self.transaction():
            old = self.docs(table).get(record_id)
            if old is None:
                raise NotFound(f"no {_singular(table)} {record_id}")
            fields = {k: v for k, v in public(old).items() if k != DELETED}
            model = _validate(MODELS[table], {**fields, **changes})
            self.check(table, model)
            new = model.model_dump(mode="json")
            if old.get(DELETED):
                new[DELETED] = True
            self._save_edit(table, record_id, old, new, action)
        return model

    def delete(self, table: str, record_id: str) -> None:
        """Remove a record softly: a tombstone that sync carries to other sites."""
        self._set_deleted(table, record_id, True, "deleted")

    def restore(self, table: str, record_id: str) -> None:
        """Bring a removed record back."""
        self._set_deleted(table, record_id, False, "restored")

    def _set_deleted(self, table: str, record_id: str, deleted: bool, action: str) -> None:
        with self.transaction():
            old = self.docs(table).get(record_id)
            if old is None:
                raise NotFound(f"no {_singular(table)} {record_id}")
            new = public(old)
            if deleted:
                new[DELETED] = True
            else:
                new.pop(DELETED, None)
            self._save_edit(table, record_id, old, new, action)

    def _save_edit(
        self, table: str, record_id: str, old: dict[str, Any], new: dict[str, Any], action: str
    ) -> None:
        before = public(old)
        if before == new:
            return
        stamped, _ = stamp_edited(old, new, table, self.site, self.clock.tick())
        self._put(table, {record_id: stamped})
        changes = {
            name: (before.get(name), new.get(name))
            for name in sorted(before.keys() | new.keys())
            if before.get(name) != new.get(name)
        }
        self._log(table, stamped, action, changes)

    def note(self, table: str, record_id: str, action: str, changes: dict[str, Any]) -> None:
        """Write a history entry on a record without changing it: something that happened
        to it through another record (a volunteer proposed for a task)."""
        with self.transaction():
            doc = self.docs(table).get(record_id)
            if doc is None:
                raise NotFound(f"no {_singular(table)} {record_id}")
            self._log(table, doc, action, changes)

    def _put(self, table: str, docs: dict[str, dict[str, Any]]) -> None:
        """Write records of `table`, keeping the column ends current across the write."""
        before = self.revision(table)
        rows = self.docs(table)
        old = {doc_id: rows.get(doc_id) for doc_id in docs} if self._groups else {}
        self.table(table).put_many(docs)
        if table == Table.TASKS:
            self._column_ends.written(before, self.revision(table), docs.values())
        self._regroup(table, before, old, docs)

    def _regroup(
        self,
        table: str,
        before: tuple[int, int],
        old: dict[str, dict[str, Any] | None],
        docs: dict[str, dict[str, Any]],
    ) -> None:
        """Keep the `grouped` indexes of `table` that were current at `before` current
        across a write of `docs` (`old`: what those ids held before), instead of
        rebuilding them from every record at the next call: one answer on the phone
        page then costs its own records. An index built at another revision is
        left stale and rebuilt when next asked for."""
        after = self.revision(table)
        for (name, key), (revision, index) in list(self._groups.items()):
            if name != table or revision != before:
                continue
            for doc_id, doc in docs.items():
                previous = old.get(doc_id)
                live = not doc.get(DELETED)
                group = index.get(str(previous.get(key))) if previous is not None else None
                at = next((i for i, d in enumerate(group or ()) if d is previous), None)
                same = previous is not None and previous.get(key) == doc.get(key)
                if group is not None and at is not None and same and live:
                    group[at] = doc
                    continue
                if group is not None and at is not None:
                    del group[at]
                if live:
                    index.setdefault(str(doc.get(key)), []).append(doc)
            self._groups[(name, key)] = (after, index)

    def column_end(self, status: str, *, top: bool = False) -> float:
        """A rank that puts a task at the top (or bottom) of the `status` column."""
        ends = self._column_ends.ends(self.revision(Table.TASKS), self.tasks.live)
        low_high = ends.get(str(status))
        if low_high is None:
            return 1.0
        return low_high[0] - 1.0 if top else low_high[1] + 1.0

    def _log(self, table: str, doc: dict[str, Any], action: str, changes: dict[str, Any]) -> None:
        if table in UNHISTORIED:
            return
        entry = models.HistoryEntry(
            table=str(table),
            record=str(doc.get(KEY_FIELD.get(table, "id"))),
            ref=str(doc.get("ref") or doc.get("title") or doc.get("name") or ""),
            action=action,
            at=dt.datetime.now().replace(microsecond=0),
            site=self.site,
            who=self.who,
            changes=changes,
        )
        stamped = stamp_created(
            entry.model_dump(mode="json"), "history", self.site, self.clock.tick()
        )
        self.table("history").put_many({entry.id: stamped})

    # Rules across records --------------------------------------------------------
    def check(self, table: str, model: BaseModel) -> None:
        """Rules that need other records: known sites and skills, existing tasks."""
        if isinstance(model, models.Task):
            self._known_site(model.site)
            self._known_skills(need.skill for need in model.needs)
        elif isinstance(model, models.Volunteer):
            if model.site:
                self._known_site(model.site)
            self._known_skills([*model.skills, *model.certs])
            self._minor_rules(model)
        elif isinstance(model, models.Assignment):
            self._assignment_rules(model)
        elif isinstance(model, models.Suggestion | models.Series):
            self._known_site(model.site)

    def _known_site(self, site: str) -> None:
        docs = self.docs("sites")
        if site not in docs:
            known = known_sites(doc for doc in docs.values() if not doc.get(DELETED))
            raise InvalidRecord(f"unknown site {site!r} (known: {known})")

    def _known_skills(self, keys: Iterable[str]) -> None:
        docs = self.docs("skills")
        unknown = sorted(set(keys) - set(docs))
        if unknown:
            known = known_skills(doc for doc in docs.values() if not doc.get(DELETED))
            raise InvalidRecord(f"unknown skill {', '.join(unknown)} (known: {known})")

    def _minor_rules(self, volunteer: Volunteer) -> None:
        """A minor holds no adult-only skill (the rule: `taskboard.model.rules.adult_only`)."""
        self._adult_only(volunteer.name, volunteer.minor, volunteer.skills)

    def _adult_only(self, name: str, minor: bool, skills: Iterable[str]) -> None:
        catalogue = self.docs("skills")
        flags = {key: bool(catalogue.get(key, {}).get("adult_only")) for key in skills}
        breach = adult_only(minor, flags)
        if breach is not None:
            raise RuleBroken(name, breach)

    def _assignment_rules(self, assignment: Assignment) -> None:
        task = self.doc("tasks", assignment.task)
        volunteer = self.doc("volunteers", assignment.volunteer)
        if task is None or volunteer is None:
            raise InvalidRecord("an assignment needs an existing task and volunteer")
        if assignment.skill not in {need["skill"] for need in task.get("needs", [])}:
            raise InvalidRecord(f"task {task['ref']} does not need {assignment.skill}")
        self._adult_only(volunteer["name"], bool(volunteer.get("minor")), [assignment.skill])

    # References ------------------------------------------------------------------
    def ref_prefix(self, table: str) -> str:
        """What every reference this site gives starts with: `funing-` (tasks), `funing-v`
        (volunteers), `funing-s` (residents' suggestions)."""
        return f"{self.site}-{_REF_LETTER.get(table, '')}"

    def new_ref(self, table: str, ref: str) -> str:
        """`ref` (lower case) if a record made here may carry it, else InvalidRecord.

        A record made here carries this site's prefix and a number (`funing-v12`):
        another site's reference would clash with the record that site made when
        the two meet in a merge, and then a reference no longer names one record.
        Records of other sites arrive by merge or sync, with their own ids.
        """
        wanted = ref.strip().lower()
        prefix = self.ref_prefix(table)
        if _NUMBER.fullmatch(wanted.removeprefix(prefix)) and wanted.startswith(prefix):
            return wanted
        kind = _singular(table)
        other = _REF_FORMS[table].fullmatch(wanted)
        if other and other.group(1) != self.site:
            raise InvalidRecord(
                f"reference {ref!r} belongs to site {other.group(1)}: {table} of other sites"
                f" arrive by merge or sync; leave the reference empty to add a new {kind}"
                f" here (it gets the next {prefix}N)"
            )
        raise InvalidRecord(
            f"reference {ref!r} is not one of this site's ({prefix}N);"
            f" leave it empty to give the new {kind} the next free one"
        )

    def _with_ref(self, table: str, model: M, *, local: bool = False) -> M:
        """`model` with its reference: the next free one, or (`local`) the given one checked."""
        if table not in _REF_FORMS:
            return model
        given = str(getattr(model, "ref", "") or "")
        if given and not local:
            return model
        if given:
            ref = self.new_ref(table, given)
        else:
            prefix = self.ref_prefix(table)
            ref = f"{prefix}{self._next_number(table, prefix)}"
        return model if ref == given else model.model_copy(update={"ref": ref})

    def _next_number(self, table: str, prefix: str) -> int:
        index = self._ref_index(table)
        if table not in self._numbers:
            tails = (ref[len(prefix) :] for ref in index if ref.startswith(prefix))
            self._numbers[table] = max((int(t) for t in tails if _NUMBER.fullmatch(t)), default=0)
        number = self._numbers[table] + 1
        while f"{prefix}{number}" in index:
            number += 1
        self._numbers[table] = number
        return number

    def _index_new(self, table: str, doc: dict[str, Any]) -> None:
        if doc.get("ref"):
            holders = self._ref_index(table).setdefault(doc["ref"].lower(), [])
            if any(holder != doc["id"] for holder in holders):
                raise InvalidRecord(f"reference {doc['ref']} is already used")
            if doc["id"] not in holders:
                holders.append(doc["id"])


def _validate(cls: type[M], data: dict[str, Any]) -> M:
    from pydantic import ValidationError

    try:
        return cls.model_validate(data)
    except ValidationError as error:
        raise InvalidRecord(describe_validation_error(error)) from error


def _one_by_ref(
    table: str, ref: str, found: list[dict[str, Any]], *, removed: bool
) -> dict[str, Any] | None:
    """The record `ref` names among `found` (its carriers), or None when none does.

    Two live carriers (or, when removed ones count, any two) are Ambiguous; the
    message lists each with its id, which `find` accepts in place of the reference.
    """
    live = [doc for doc in found if not doc.get(DELETED)]
    candidates = found if removed else live
    if len(candidates) > 1:
        listed = ", ".join(_candidate(doc) for doc in candidates)
        raise Ambiguous(
            f"{len(candidates)} {table} have the reference {ref!r}: {listed};"
            " give the id instead to pick one"
        )
    if candidates:
        return candidates[0]
    return found[0] if found else None


def _candidate(doc: dict[str, Any]) -> str:
    """`xingye-v7 王芳 (site xingye, id 01K…)`: enough to tell two records apart."""
    label = doc.get("name") or doc.get("title") or ""
    removed = ", removed" if doc.get(DELETED) else ""
    return f"{doc.get('ref')} {label} (site {doc.get('site') or '-'}, id {doc['id']}{removed})"


def _record_id(table: str, model: BaseModel) -> str:
    return str(getattr(model, KEY_FIELD.get(table, "id")))


def _digits(phone: str) -> str:
    """A phone number without spaces and dashes, so `138 0013 8000` finds `13800138000`."""
    compact = phone.replace(" ", "").replace("-", "")
    return compact if compact.lstrip("+").isdigit() else ""


def _singular(table: str) -> str:
    return {"hours": "hours entry", "history": "history entry"}.get(table, table.rstrip("s"))

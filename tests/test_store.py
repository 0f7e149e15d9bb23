"""The store: versioned schema, idempotent writes, all-or-nothing transactions."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from comity.model import Actor, Document, Event
from comity.store import SCHEMA_VERSION, Store, StoreError


def _doc(text="Pakistan and Russia signed an energy agreement.", source="wire"):
    return Document(text=text, source=source, published=date(2021, 5, 28), title="t")


def _event(doc, start=0):
    return Event(date=doc.published, plover_type="AGREE", cameo="057", quad_class=1,
                 source_country="PAK", target_country="RUS", domains=["energy", "diplomacy"],
                 doc_id=doc.doc_id, start=start, end=start + 10, sentence=doc.text)


def test_new_store_is_at_current_schema_version(tmp_path):
    s = Store(tmp_path / "a.duckdb")
    assert s.schema_version() == SCHEMA_VERSION
    s.close()
    # Re-opening migrates nothing and keeps the version.
    assert Store(tmp_path / "a.duckdb").schema_version() == SCHEMA_VERSION


def test_store_from_a_newer_comity_is_refused(tmp_path):
    path = tmp_path / "future.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="newer than this comity"):
        Store(path)


def test_writing_the_same_document_twice_adds_nothing(store):
    doc = _doc()
    actors = [Actor("Pakistan", "Pakistan", "PAK", "GOV", start=0, end=8)]
    with store.transaction():
        assert store.write_documents([(doc, [_event(doc)], actors)]) == (1, 1)
    with store.transaction():
        assert store.write_documents([(doc, [_event(doc)], actors)]) == (0, 0)
    assert store.counts() == {"documents": 1, "events": 1, "mentions": 1}
    assert store.count("actor_mentions") == 1
    domains = store.query("SELECT domain FROM event_domains ORDER BY domain")["domain"].tolist()
    assert domains == ["diplomacy", "energy"]


def test_document_identity_is_content_and_url_not_source_or_path(store):
    copy = _doc(source="other-folder")
    copy.path = "elsewhere/copy.txt"
    with store.transaction():
        store.write_documents([(_doc(source="a"), [], []), (copy, [], [])])
    assert store.count("documents") == 1  # the same text copied into another folder
    at_url = _doc(source="a")
    at_url.url = "https://example.org/story"
    with store.transaction():
        store.write_documents([(at_url, [], [])])
    assert store.count("documents") == 2  # the same text at a known URL is another item


def test_failed_transaction_leaves_nothing_and_keeps_earlier_data(store):
    first = _doc("Earlier text.")
    with store.transaction():
        store.write_documents([(first, [_event(first)], [])])
    second = _doc("Later text.")
    with pytest.raises(RuntimeError), store.transaction():
        store.write_documents([(second, [_event(second)], [])])
        raise RuntimeError("reader failed half-way")
    assert store.counts() == {"documents": 1, "events": 1, "mentions": 1}
    assert store.document(first.doc_id)["text"] == "Earlier text."


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nope" / "x.duckdb")


def _meeting(doc, day, place="Moscow"):
    return Event(date=day, plover_type="CONSULT", plover_mode="visit", cameo="042", quad_class=1,
                 source_country="PAK", target_country="RUS", source_name="Imran Khan",
                 target_name="Vladimir Putin", location_name=place, location_country="RUS",
                 domains=["diplomacy"], doc_id=doc.doc_id, start=0, end=20, sentence=doc.text,
                 confidence=0.8)


def test_reports_of_one_event_in_several_documents_become_one_event_with_mentions(store):
    from comity.extract.dedupe import dedupe

    a = _doc("Khan met Putin in Moscow on Thursday.", source="a")
    b = _doc("Imran Khan held talks with Vladimir Putin in Moscow.", source="b")
    c = _doc("Khan and Putin met again in Moscow a month later.", source="c")
    with store.transaction():
        store.write_documents([(a, [_meeting(a, date(2022, 2, 24))], [])], merge=dedupe)
    with store.transaction():  # a later file: merges with what is stored
        store.write_documents([(b, [_meeting(b, date(2022, 2, 24))], []),
                               (c, [_meeting(c, date(2022, 3, 24))], [])], merge=dedupe)
    rows = store.query("SELECT date, num_mentions FROM events ORDER BY date")
    assert rows["num_mentions"].tolist() == [2, 1]  # the later meeting stays distinct
    mentions = store.query("SELECT doc_id FROM mentions ORDER BY doc_id")["doc_id"].tolist()
    assert sorted(mentions) == sorted([a.doc_id, b.doc_id, c.doc_id])


def test_meeting_level_comes_from_dated_roles(store):
    from comity.analysis.meetings import meeting_history

    doc = _doc("Lavrov met Qureshi in Islamabad; President Putin was not present.")
    ev = Event(date=date(2021, 4, 7), plover_type="CONSULT", cameo="042", quad_class=1,
               source_country="RUS", target_country="PAK", source_name="Sergey Lavrov",
               target_name="Shah Mahmood Qureshi", doc_id=doc.doc_id, start=0, end=10,
               sentence=doc.text)
    with store.transaction():
        store.write_documents([(doc, [ev], [])])
    [level] = meeting_history(store, "PAK", "RUS")["level"].tolist()
    assert level == "ministerial"  # a president named in the sentence does not make it a summit

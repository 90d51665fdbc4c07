// The stored parts of hits are read once per index revision and kept within a memory budget;
// what a search shows never lags behind the index.
#include <catch2/catch.hpp>

#include "core/schema.h"
#include "server/hit_cache.h"
#include "server/search_service.h"
#include "index_content.h"
#include "temp_dir.h"

using sasae::test::TempDir;
using sasae::test::index_content;

namespace {

Xapian::docid only_docid(const Xapian::Database& db) { return *db.postlist_begin(""); }

Xapian::Document only_document(const Xapian::Database& db) {
    REQUIRE(db.get_doccount() == 1);
    return db.get_document(*db.postlist_begin(""));
}

struct OneNote {
    TempDir content, db;
    OneNote() {
        content.write("cases/vpn.md", "---\ntitle: VPN トンネルが DOWN\n---\nPhase 1 のネゴシエーションが失敗する。\n");
        index_content(content, db);
    }
};

sasae::SearchResponse search(const sasae::IndexReader& reader, const std::string& q) {
    sasae::SearchRequest r;
    r.query = q;
    return sasae::SearchService(reader).search(r);
}

}  // namespace

TEST_CASE("a stored hit holds the display fields and the passage snippets are cut from", "[hit_cache]") {
    OneNote note;
    Xapian::Database db(note.db.str());
    const auto hit = sasae::StoredHit::read(only_document(db));
    CHECK(hit.fields.id == "cases/vpn");
    CHECK(hit.fields.title == "VPN トンネルが DOWN");
    CHECK(hit.passage.text.find("ネゴシエーション") != std::string::npos);
    CHECK_FALSE(hit.passage.terms);  // analysing is the cache's part
    CHECK(hit.bytes() > hit.passage.text.size());
}

TEST_CASE("a document's stored hit is read and its passage analysed once per revision, then shared", "[hit_cache]") {
    OneNote note;
    Xapian::Database db(note.db.str());
    sasae::HitCache cache(db.get_lastdocid(), 1 << 20, sasae::Analyzer());
    auto first = cache.get(only_docid(db), only_document(db));
    auto again = cache.get(only_docid(db), only_document(db));
    CHECK(first == again);
    REQUIRE(first->passage.terms);
    // The passage's terms are the analyser's: ネゴシエーション folds to ネゴシエション.
    const auto spans = first->passage.terms->find(sasae::Analyzer().analyze("ネゴシエーション").front().term);
    REQUIRE(spans.size() == 1);
    CHECK(first->passage.text.substr(spans[0].begin, spans[0].end - spans[0].begin) == "ネゴシエーション");
    CHECK(cache.bytes_used() >= first->bytes());
}

TEST_CASE("past the memory budget hits are read each time, complete, and not analysed", "[hit_cache]") {
    OneNote note;
    Xapian::Database db(note.db.str());
    sasae::HitCache cache(db.get_lastdocid(), 0, sasae::Analyzer());
    auto first = cache.get(only_docid(db), only_document(db));
    auto again = cache.get(only_docid(db), only_document(db));
    CHECK(first != again);
    CHECK(again->fields.title == "VPN トンネルが DOWN");
    CHECK(again->passage.text == first->passage.text);
    CHECK_FALSE(again->passage.terms);
}

TEST_CASE("a document changed and reindexed shows its new title and snippet at once", "[hit_cache][search]") {
    OneNote note;
    sasae::IndexReader reader(note.db.str());
    auto before = search(reader, "VPN");
    REQUIRE(before.hits.size() == 1);
    CHECK(before.hits[0].title == "VPN トンネルが DOWN");

    note.content.write("cases/vpn.md", "---\ntitle: VPN トンネルが UP に戻った\n---\nPhase 2 の設定を直して VPN が復旧した。\n");
    index_content(note.content, note.db);
    auto after = search(reader, "VPN");
    REQUIRE(after.hits.size() == 1);
    CHECK(after.hits[0].title == "VPN トンネルが UP に戻った");
    CHECK(after.hits[0].snippet.find("Phase 2") != std::string::npos);
}

TEST_CASE("the next revision's cache takes over an unchanged document's stored hit, analysed once", "[hit_cache]") {
    OneNote note;
    Xapian::Database db(note.db.str());
    sasae::HitCache previous(db.get_lastdocid(), 1 << 20, sasae::Analyzer());
    auto kept = previous.get(only_docid(db), only_document(db));

    index_content(note.content, note.db);  // nothing changed, but the run commits a revision
    db.reopen();
    sasae::HitCache next(db.get_lastdocid(), 1 << 20, sasae::Analyzer(), &previous);
    CHECK(next.get(only_docid(db), only_document(db)) == kept);
    CHECK(next.bytes_used() >= kept->bytes());
}

TEST_CASE("an entry not asked for in one revision is still taken over in the next", "[hit_cache]") {
    OneNote note;
    Xapian::Database db(note.db.str());
    sasae::HitCache first(db.get_lastdocid(), 1 << 20, sasae::Analyzer());
    auto kept = first.get(only_docid(db), only_document(db));
    sasae::HitCache second(db.get_lastdocid(), 1 << 20, sasae::Analyzer(), &first);  // two quick commits
    sasae::HitCache third(db.get_lastdocid(), 1 << 20, sasae::Analyzer(), &second);
    CHECK(third.get(only_docid(db), only_document(db)) == kept);
}

TEST_CASE("an entry not asked for through two revisions is let go", "[hit_cache]") {
    // A changed document's old entry is never asked for again (its docid is gone): it must
    // not travel from revision to revision.
    OneNote note;
    Xapian::Database db(note.db.str());
    sasae::HitCache first(db.get_lastdocid(), 1 << 20, sasae::Analyzer());
    auto kept = first.get(only_docid(db), only_document(db));
    sasae::HitCache second(db.get_lastdocid(), 1 << 20, sasae::Analyzer(), &first);
    sasae::HitCache third(db.get_lastdocid(), 1 << 20, sasae::Analyzer(), &second);
    sasae::HitCache fourth(db.get_lastdocid(), 1 << 20, sasae::Analyzer(), &third);
    auto fresh = fourth.get(only_docid(db), only_document(db));
    CHECK(fresh != kept);
    CHECK(fresh->fields.title == kept->fields.title);
}

TEST_CASE("the next revision's cache reads a changed document afresh", "[hit_cache]") {
    OneNote note;
    Xapian::Database db(note.db.str());
    sasae::HitCache previous(db.get_lastdocid(), 1 << 20, sasae::Analyzer());
    auto old = previous.get(only_docid(db), only_document(db));

    note.content.write("cases/vpn.md", "---\ntitle: VPN トンネルが UP に戻った\n---\nPhase 2 を直した。\n");
    index_content(note.content, note.db);
    db.reopen();
    sasae::HitCache next(db.get_lastdocid(), 1 << 20, sasae::Analyzer(), &previous);
    auto fresh = next.get(only_docid(db), only_document(db));
    CHECK(fresh != old);
    CHECK(fresh->fields.title == "VPN トンネルが UP に戻った");
    CHECK(fresh->passage.text.find("Phase 2") != std::string::npos);
    CHECK(fresh->passage.terms);
}

TEST_CASE("an entry is not taken over when its docid now holds a document that reads differently", "[hit_cache]") {
    OneNote note;
    sasae::HitCache previous(Xapian::Database(note.db.str()).get_lastdocid(), 1 << 20, sasae::Analyzer());
    auto old = previous.get(1, only_document(Xapian::Database(note.db.str())));
    {
        // The indexer gives a changed file new docids; a writer may keep one (replace_document).
        Xapian::WritableDatabase w(note.db.str(), Xapian::DB_OPEN);
        Xapian::Document doc = w.get_document(1);
        doc.add_value(sasae::schema::kPassageSlot, "Phase 2 を直した。");
        w.replace_document(1, doc);
        w.commit();
    }
    Xapian::Database db(note.db.str());
    sasae::HitCache next(db.get_lastdocid(), 1 << 20, sasae::Analyzer(), &previous);
    auto fresh = next.get(1, db.get_document(1));
    CHECK(fresh != old);
    CHECK(fresh->passage.text == "Phase 2 を直した。");
    CHECK(fresh->passage.terms);
}

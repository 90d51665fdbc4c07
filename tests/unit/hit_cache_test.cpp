// The stored parts of hits are read once per index revision and kept within a memory budget;
// what a search shows never lags behind the index.
#include <catch2/catch.hpp>

#include "server/hit_cache.h"
#include "server/search_service.h"
#include "index_content.h"
#include "temp_dir.h"

using sasae::test::TempDir;
using sasae::test::index_content;

namespace {

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
    auto first = cache.get(only_document(db));
    auto again = cache.get(only_document(db));
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
    auto first = cache.get(only_document(db));
    auto again = cache.get(only_document(db));
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

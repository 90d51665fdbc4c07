// Incremental indexing: what a run adds, updates, deletes and keeps, with real Xapian.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <nlohmann/json.hpp>

#include "core/schema.h"
#include "indexer/index_updater.h"
#include "temp_dir.h"

using sasae::test::TempDir;

namespace {

struct Fixture {
    TempDir content;
    TempDir db;

    sasae::IndexSummary run(bool full = false) const {
        sasae::IndexOptions options;
        options.db_path = db.str();
        options.roots = {{"", content.str()}};
        options.full = full;
        return sasae::update_index(options);
    }

    bool has_id(const std::string& id) const {
        Xapian::Database d(db.str());
        return d.term_exists(sasae::schema::id_term(id));
    }

    std::string title_of(const std::string& id) const {
        Xapian::Database d(db.str());
        auto pl = d.postlist_begin(sasae::schema::id_term(id));
        REQUIRE(pl != d.postlist_end(sasae::schema::id_term(id)));
        std::string data = d.get_document(*pl).get_data();
        auto pos = data.find("\"title\":\"");
        return data.substr(pos + 9, data.find('"', pos + 9) - pos - 9);
    }
};

const char* kNote = "---\ntitle: %s\n---\n本文\n";

std::string note(const std::string& title) {
    std::string s = kNote;
    return s.replace(s.find("%s"), 2, title);
}

}  // namespace

TEST_CASE("a first run adds every file", "[indexer]") {
    Fixture f;
    f.content.write("cases/a.md", note("A"));
    f.content.write("cases/b.md", note("B"));
    auto s = f.run();
    CHECK(s.added == 2);
    CHECK(s.failed == 0);
    CHECK(f.has_id("cases/a"));
    CHECK(f.has_id("cases/b"));
}

TEST_CASE("a second run with no change touches nothing", "[indexer]") {
    Fixture f;
    f.content.write("cases/a.md", note("A"));
    f.run();
    auto s = f.run();
    CHECK(s.unchanged == 1);
    CHECK(s.added + s.updated + s.deleted == 0);
}

TEST_CASE("a changed file is updated under the same id", "[indexer]") {
    Fixture f;
    f.content.write("cases/a.md", note("Old"));
    f.run();
    f.content.write("cases/a.md", note("New"));
    auto s = f.run();
    CHECK(s.updated == 1);
    CHECK(f.title_of("cases/a") == "New");
    CHECK(Xapian::Database(f.db.str()).get_doccount() == 1);
}

TEST_CASE("a deleted file is removed from the index", "[indexer]") {
    Fixture f;
    f.content.write("cases/a.md", note("A"));
    f.content.write("cases/b.md", note("B"));
    f.run();
    f.content.remove("cases/b.md");
    auto s = f.run();
    CHECK(s.deleted == 1);
    CHECK_FALSE(f.has_id("cases/b"));
    CHECK(f.has_id("cases/a"));
}

TEST_CASE("a broken file is reported and its last good version stays searchable", "[indexer][errors]") {
    Fixture f;
    f.content.write("cases/good.md", note("Good"));
    f.content.write("cases/flaky.md", note("Flaky v1"));
    f.run();
    f.content.write("cases/flaky.md", "---\ntitle: [unclosed\n---\n");
    f.content.write("cases/new.md", note("New"));
    auto s = f.run();
    CHECK(s.failed == 1);
    REQUIRE(s.failures.size() == 1);
    CHECK_THAT(s.failures[0], Catch::Contains("cases/flaky.md:"));
    CHECK(s.added == 1);  // the good new file still went in
    CHECK(f.title_of("cases/flaky") == "Flaky v1");
}

TEST_CASE("a broken file that was never indexed is reported and the rest indexes", "[indexer][errors]") {
    Fixture f;
    f.content.write("cases/a.md", note("A"));
    f.content.write("cases/bad.md", std::string("---\ntitle: x\n---\n\xff\n"));
    auto s = f.run();
    CHECK(s.added == 1);
    CHECK(s.failed == 1);
    CHECK_FALSE(f.has_id("cases/bad"));
}

TEST_CASE("a second writer gets a clear locked error", "[indexer][lock]") {
    Fixture f;
    f.content.write("cases/a.md", note("A"));
    f.run();
    Xapian::WritableDatabase holder(f.db.str(), Xapian::DB_OPEN);
    CHECK_THROWS_AS(f.run(), sasae::IndexLockedError);
}

TEST_CASE("a missing content root stops the run instead of deleting everything", "[indexer][errors]") {
    Fixture f;
    f.content.write("cases/a.md", note("A"));
    f.run();
    sasae::IndexOptions options;
    options.db_path = f.db.str();
    options.roots = {{"", f.content.str() + "/does-not-exist"}};
    CHECK_THROWS_WITH(sasae::update_index(options), Catch::Contains("not a readable directory"));
    CHECK(f.has_id("cases/a"));
}

TEST_CASE("all changes of a run become visible in one commit", "[indexer]") {
    Fixture f;
    for (int i = 0; i < 300; ++i) f.content.write("cases/n" + std::to_string(i) + ".md", note("N"));
    f.run();
    CHECK(Xapian::Database(f.db.str()).get_revision() == 1);
    f.content.write("cases/n1.md", note("changed"));
    f.content.remove("cases/n2.md");
    f.run();
    CHECK(Xapian::Database(f.db.str()).get_revision() == 2);
}

TEST_CASE("a full run (--full) re-analyses unchanged files", "[indexer]") {
    Fixture f;
    f.content.write("cases/a.md", note("A"));
    f.run();
    auto s = f.run(true);
    CHECK(s.updated == 1);
    CHECK(s.unchanged == 0);
}

TEST_CASE("a change to _collection.yaml re-indexes the files below it", "[indexer][collection]") {
    Fixture f;
    f.content.write("refs/_collection.yaml", "kind: doc\nlang: en\n");
    f.content.write("refs/page.md", "# Page\n");
    f.run();
    f.content.write("refs/_collection.yaml", "kind: doc\nlang: ja\n");
    CHECK(f.run().updated == 1);
}

TEST_CASE("a broken _collection.yaml is reported and leaves its folder as it was", "[indexer][collection][errors]") {
    Fixture f;
    f.content.write("refs/_collection.yaml", "kind: doc\n");
    f.content.write("refs/page.md", "# Page\n");
    f.run();
    f.content.write("refs/_collection.yaml", "kind: [doc\n");
    auto s = f.run();
    CHECK(s.failed == 1);
    CHECK(s.deleted == 0);
    CHECK(f.has_id("refs/page"));
}

TEST_CASE("two files producing the same id: the second is reported", "[indexer][errors]") {
    Fixture f;
    f.content.write("docs/list.md", "---\nsplit: links\n---\n- [A](https://example.com/a/item.html) — a\n");
    f.content.write("docs/list/item.md", "# clash\n");
    auto s = f.run();
    CHECK(s.failed == 1);
    REQUIRE(s.failures.size() == 1);
    CHECK_THAT(s.failures[0], Catch::Contains("already used"));
}

TEST_CASE("a new file taking an id an earlier run indexed is reported, and the first owner stays", "[indexer][errors]") {
    Fixture f;
    f.content.write("docs/list/item.md", "# first owner\n");
    REQUIRE(f.run().failed == 0);
    f.content.write("docs/list.md", "---\nsplit: links\n---\n- [A](https://example.com/a/item.html) — a\n");
    auto s = f.run();
    CHECK(s.failed == 1);
    REQUIRE(s.failures.size() == 1);
    CHECK_THAT(s.failures[0], Catch::Contains("already used"));
    CHECK(f.has_id("docs/list/item"));
}

TEST_CASE("symlinks that leave the content root are not followed", "[indexer][paths]") {
    Fixture f;
    TempDir outside;
    outside.write("secret.md", note("secret"));
    f.content.write("cases/a.md", note("A"));
    std::filesystem::create_symlink(outside.path() / "secret.md", f.content.path() / "cases" / "leak.md");
    f.run();
    CHECK_FALSE(f.has_id("cases/leak"));
    CHECK(f.has_id("cases/a"));
}

TEST_CASE("synonyms.yaml at a root is stored for the query side", "[indexer][synonyms]") {
    Fixture f;
    f.content.write("synonyms.yaml", "- [EC2, Amazon EC2]\n- [DX, Direct Connect]\n");
    f.content.write("cases/a.md", note("A"));
    f.run();
    CHECK(Xapian::Database(f.db.str()).get_metadata(sasae::schema::kMetaSynonyms) ==
          R"([["EC2","Amazon EC2"],["DX","Direct Connect"]])");
}

TEST_CASE("the outcome of each run is recorded in the index", "[indexer]") {
    Fixture f;
    f.content.write("cases/a.md", note("A"));
    f.run();
    std::string last = Xapian::Database(f.db.str()).get_metadata(sasae::schema::kMetaLastRun);
    CHECK_THAT(last, Catch::Contains("\"added\":1"));
    CHECK_THAT(last, Catch::Contains("finished_at"));
}

TEST_CASE("each folder's collection defaults reach its own files only, on every thread", "[indexer][collection]") {
    Fixture f;
    f.content.write("_collection.yaml", "lang: ja\n");
    for (const char* folder : {"alpha", "beta", "gamma"}) {
        f.content.write(std::string(folder) + "/_collection.yaml",
                        std::string("kind: doc\nservices: [") + folder + "]\nurl: https://example.com/" + folder + "/{stem}\n");
        for (int i = 0; i < 150; ++i) f.content.write(std::string(folder) + "/p" + std::to_string(i) + ".md", "# page\n");
    }
    f.content.write("zeta.md", "# after the folders\n");
    sasae::IndexOptions options;
    options.db_path = f.db.str();
    options.roots = {{"", f.content.str()}};
    options.threads = 4;
    REQUIRE(sasae::update_index(options).failed == 0);
    Xapian::Database d(f.db.str());
    for (const char* folder : {"alpha", "beta", "gamma"}) {
        for (int i = 0; i < 150; i += 7) {
            std::string id = std::string(folder) + "/p" + std::to_string(i);
            auto pl = d.postlist_begin(sasae::schema::id_term(id));
            REQUIRE(pl != d.postlist_end(sasae::schema::id_term(id)));
            auto data = nlohmann::json::parse(d.get_document(*pl).get_data());
            INFO(id);
            CHECK(data["url"] == std::string("https://example.com/") + folder + "/p" + std::to_string(i));
            CHECK(data["services"] == std::vector<std::string>{folder});
            CHECK(data["lang"] == "ja");
        }
    }
    auto pl = d.postlist_begin(sasae::schema::id_term("zeta"));
    auto zeta = nlohmann::json::parse(d.get_document(*pl).get_data());
    CHECK(zeta["url"] == "");  // the root file keeps the root's defaults, not the last folder's
    CHECK(zeta["kind"] == "case");
}

namespace {

bool spelling_has(const std::string& db_path, const std::string& word) {
    Xapian::Database d(db_path);
    for (auto it = d.spellings_begin(); it != d.spellings_end(); ++it)
        if (*it == word) return true;
    return false;
}

}  // namespace

TEST_CASE("an identifier of the body becomes a spelling target once two documents use it", "[indexer][spelling]") {
    Fixture f;
    f.content.write("a.md", "---\ntitle: one\n---\nInsufficientInstanceCapacity and SomeLocalVariableName here.\n");
    f.content.write("b.md", "---\ntitle: two\n---\nInsufficientInstanceCapacity again.\n");
    f.run();
    CHECK(spelling_has(f.db.str(), "insufficientinstancecapacity"));
    CHECK_FALSE(spelling_has(f.db.str(), "somelocalvariablename"));
    // A later run that brings a second use counts the one already in the index.
    f.content.write("c.md", "---\ntitle: three\n---\nSomeLocalVariableName is used here too.\n");
    f.run();
    CHECK(spelling_has(f.db.str(), "somelocalvariablename"));
}

TEST_CASE("English words of titles and headings are spelling targets from one document", "[indexer][spelling]") {
    Fixture f;
    f.content.write("a.md", "---\ntitle: Troubleshoot launches\n---\n## Capacity reservations\n本文\n");
    f.run();
    CHECK(spelling_has(f.db.str(), "troubleshoot"));
    CHECK(spelling_has(f.db.str(), "reservations"));
}

TEST_CASE("a file too large to read is reported with its path, new or changed, and the rest indexes", "[indexer][errors]") {
    Fixture f;
    const std::string huge(sasae::kMaxFileBytes + 1, 'a');
    f.content.write("cases/ok.md", note("ok"));
    f.content.write("cases/big.md", huge);  // new: read by an analysis thread
    auto first = f.run();
    REQUIRE(first.failures.size() == 1);
    CHECK_THAT(first.failures[0], Catch::Contains("big.md: file is larger than"));
    CHECK(f.has_id("cases/ok"));
    CHECK_FALSE(f.has_id("cases/big"));

    f.content.write("cases/ok.md", huge);  // known: read before the run to compare
    auto second = f.run();
    REQUIRE(second.failures.size() == 2);
    CHECK(f.title_of("cases/ok") == "ok");  // the last good version stays
}

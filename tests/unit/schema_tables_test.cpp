// The tables every layer reads: facets (core/facets.h) and kinds (core/kinds.h). A row that
// collides with another (a prefix, a value slot, a group key) would mix two fields silently.
#include <catch2/catch.hpp>

#include <set>

#include "core/facets.h"
#include "core/kinds.h"
#include "core/schema.h"
#include "indexer/source_document.h"

namespace schema = sasae::schema;

TEST_CASE("facet names, term prefixes and value slots are each used once", "[schema][facets]") {
    std::set<std::string> names;
    // The prefixes and slots the schema gives to things that are not facets.
    std::set<std::string> prefixes = {std::string(schema::kIdPrefix), std::string(schema::kSourcePrefix),
                                      std::string(schema::kUrlPrefix), std::string(schema::kLinkPrefix),
                                      std::string(schema::kGramPrefix)};
    std::set<Xapian::valueno> slots = {schema::kDateSlot, schema::kHashSlot, schema::kMarkdownSlot,
                                       schema::kPassageSlot, schema::kDetailsSlot};
    // The search parameters and the page's own URL keys are not facet names.
    const std::set<std::string> reserved = {"q", "page", "per_page", "sort", "doc", "tab", "explain"};
    for (const auto& facet : sasae::facets()) {
        INFO(facet.name);
        CHECK(names.insert(facet.name).second);
        CHECK(reserved.count(facet.name) == 0);
        CHECK_FALSE(facet.label.empty());
        CHECK(prefixes.insert(facet.prefix).second);
        if (facet.counted()) {
            CHECK(slots.insert(facet.slot).second);
            CHECK(facet.shown > 0);
        }
    }
}

TEST_CASE("a facet is found by its name, and only by it", "[schema][facets]") {
    struct Row {
        const char* name;
        const char* prefix;  // nullptr: no such facet
    };
    const Row rows[] = {{"kind", "K"}, {"service", "XS"}, {"tag", "XT"}, {"lang", "L"},
                        {"Service", nullptr}, {"services", nullptr}, {"arn", nullptr}, {"", nullptr}};
    for (const auto& row : rows) {
        INFO(row.name);
        const auto* facet = sasae::find_facet(row.name);
        if (row.prefix) {
            REQUIRE(facet);
            CHECK(facet->prefix == row.prefix);
        } else {
            CHECK(facet == nullptr);
        }
    }
    CHECK_FALSE(sasae::find_facet("lang")->counted());  // a filter, never counted
}

TEST_CASE("kinds have distinct names and group keys, one lends citations, one is cited, one measures cases", "[schema][kinds]") {
    std::set<std::string> names, groups;
    int lenders = 0, primary = 0, measures = 0;
    for (const auto& kind : sasae::kinds()) {
        INFO(kind.name);
        CHECK(names.insert(kind.name).second);
        CHECK(groups.insert(kind.group).second);
        CHECK_FALSE(kind.label.empty());
        CHECK_FALSE(kind.folders.empty());
        lenders += kind.lends_citations;
        primary += kind.primary_source;
        measures += kind.measures_cases;
        CHECK_FALSE((kind.measures_cases && kind.lends_citations));
    }
    CHECK(lenders == 1);
    CHECK(primary == 1);
    CHECK(measures == 1);
    CHECK(sasae::kind_names() == "case, doc, blog");
}

TEST_CASE("a file's kind comes from its front matter, its folder, its own keys, or the first kind", "[schema][kinds][ingest]") {
    struct Row {
        const char* path;
        const char* text;
        const char* kind;
    };
    const Row rows[] = {
        {"cases/a.md", "本文", "case"},
        {"team/docs/a.md", "本文", "doc"},
        {"articles/a.md", "本文", "blog"},
        {"notes/a.md", "---\nemoji: \"🐱\"\ntopics: [aws]\n---\nZenn の記事", "blog"},
        {"notes/a.md", "---\nprivate: false\n---\nQiita の記事", "blog"},
        {"docs/a.md", "---\nkind: Case\n---\nフロントマターが勝つ", "case"},
        {"notes/a.md", "どこにも書かれていない", "case"},
    };
    for (const auto& row : rows) {
        INFO(row.path << " " << row.text);
        auto ingested = sasae::ingest_text(sasae::SourceFile{"", "content", row.path, row.path, ""}, row.text);
        REQUIRE(ingested.documents.size() == 1);
        CHECK(ingested.documents[0].kind == row.kind);
        CHECK(ingested.documents[0].values("kind") == std::vector<std::string>{row.kind});
    }
}

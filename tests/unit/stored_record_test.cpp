// The record and details stored with each document: what the indexer writes is what the
// server reads, and damaged or foreign JSON reads as empty fields, never as an exception.
#include <catch2/catch.hpp>

#include "core/run_record.h"
#include "core/stored_record.h"

TEST_CASE("a stored record reads back field for field, Japanese included", "[stored]") {
    sasae::StoredRecord r{"cases/ec2-起動", "content:cases/ec2-起動.md", "case", "EC2 が起動しない", "https://example.com/x",
                          "2026-12-04", "ja", {"EC2", "Auto Scaling"}, {"capacity", "起動失敗"}};
    bool ok = false;
    const auto back = sasae::decode_record(sasae::encode_record(r), &ok);
    CHECK(ok);
    CHECK(back.id == r.id);
    CHECK(back.source == r.source);
    CHECK(back.kind == r.kind);
    CHECK(back.title == r.title);
    CHECK(back.url == r.url);
    CHECK(back.date == r.date);
    CHECK(back.lang == r.lang);
    CHECK(back.services == r.services);
    CHECK(back.tags == r.tags);
}

TEST_CASE("stored details keep links in order and the whole front matter", "[stored]") {
    sasae::StoredDetails d;
    d.links = {{"https://docs.aws.amazon.com/a", "A"}, {"id:cases/b", ""}};
    d.front_matter = {{"title", "x"}, {"unknown_key", {1, 2}}};
    bool ok = false;
    const auto back = sasae::decode_details(sasae::encode_details(d), &ok);
    CHECK(ok);
    REQUIRE(back.links.size() == 2);
    CHECK(back.links[1].url == "id:cases/b");
    CHECK(back.links[0].text == "A");
    CHECK(back.front_matter == d.front_matter);
}

TEST_CASE("invalid UTF-8 in a field is stored as U+FFFD, not refused", "[stored]") {
    sasae::StoredRecord r;
    r.title = "bad \xff byte";
    CHECK(sasae::decode_record(sasae::encode_record(r)).title == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("damaged or foreign stored JSON reads as empty fields", "[stored]") {
    struct Row {
        const char* json;
        bool object;
    };
    const Row rows[] = {{"", false}, {"not json", false}, {"[1,2]", false}, {"{\"id\": 3, \"tags\": \"x\"}", true},
                        {"{\"links\": {\"url\": 1}, \"meta\": []}", true}};
    for (const auto& row : rows) {
        INFO(row.json);
        bool ok = !row.object;
        const auto r = sasae::decode_record(row.json, &ok);
        CHECK(ok == row.object);
        CHECK(r.id.empty());
        CHECK(r.tags.empty());
        const auto d = sasae::decode_details(row.json);
        CHECK(d.links.empty());
        CHECK(d.front_matter == nlohmann::json::object());
    }
}

TEST_CASE("the run record reads back, no record, or a damaged one, reads as none", "[stored][run]") {
    sasae::RunRecord r{"2026-12-04T08:00:00Z", "2026-12-04T08:00:03Z", 3, 1, 2, 40, 1,
                       {"content/cases/x.md:2: broken YAML"}, 2.5, 46};
    const auto back = sasae::decode_run_record(sasae::encode_run_record(r));
    REQUIRE(back);
    CHECK(back->finished_at == r.finished_at);
    CHECK(back->added == 3);
    CHECK(back->failed == 1);
    CHECK(back->failures == r.failures);
    CHECK(back->seconds == 2.5);
    CHECK(back->documents == 46);
    CHECK_FALSE(sasae::decode_run_record(""));
    CHECK_FALSE(sasae::decode_run_record("[]"));
    const auto odd = sasae::decode_run_record(R"({"failed": "many", "failures": [1, "a"]})");
    REQUIRE(odd);
    CHECK(odd->failed == 0);
    CHECK(odd->failures == std::vector<std::string>{"a"});
}

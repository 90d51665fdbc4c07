// Usage analytics on a real SQLite file: what is stored, what the report says, what is masked
// and what retention removes.
#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>
#include <thread>

#include <sqlite3.h>

#include "server/analytics_store.h"
#include "temp_dir.h"

using sasae::test::TempDir;

namespace {

constexpr std::int64_t kDay = 86400;
const std::int64_t kT0 = 1764806400;  // 2025-12-04 00:00:00 UTC

std::string only_text(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
    std::string out;
    while (sqlite3_step(s) == SQLITE_ROW) out += std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) + "|";
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

}  // namespace

TEST_CASE("the report counts queries, zero results, queries without a click, clicks by position and feedback", "[analytics]") {
    TempDir dir;
    const std::string path = (dir.path() / "a.sqlite").string();
    sasae::AnalyticsStore store(path, 0);
    store.record(sasae::SearchRecord{"ALB 502", 12, "", kT0 + 10});
    store.record(sasae::SearchRecord{"alb　502", 12, "kind=case", kT0 + 20});  // the same query, full-width space
    store.record(sasae::SearchRecord{"ＡＬＢ 502", 12, "", kT0 + kDay});
    store.record(sasae::SearchRecord{"zzz 存在しない", 0, "", kT0 + 30});
    store.record(sasae::SearchRecord{"zzz 存在しない", 0, "", kT0 + 40});
    store.record(sasae::SearchRecord{"EC2 起動しない", 4, "", kT0 + 50});
    store.record(sasae::UsageRecord{"open", "cases/alb-502", "ALB 502", 1, "", kT0 + 15});
    store.record(sasae::UsageRecord{"open", "docs/elb/troubleshooting", "ALB 502", 3, "", kT0 + kDay + 5});
    store.record(sasae::UsageRecord{"cite", "docs/elb/troubleshooting", "ALB が 502", 0, "", kT0 + 60});
    store.record(sasae::UsageRecord{"unhelpful", "blogs/x", "ALB が 502", 0, "別のサービスの話", kT0 + 70});
    store.flush();

    const auto r = store.report(kT0, kT0 + 2 * kDay);
    CHECK(r["searches"] == 6);
    CHECK(r["searches_with_hits"] == 4);
    REQUIRE(r["top_queries"].size() == 3);
    CHECK(r["top_queries"][0]["query"] == "alb 502");
    CHECK(r["top_queries"][0]["searches"] == 3);
    REQUIRE(r["zero_result_queries"].size() == 1);
    CHECK(r["zero_result_queries"][0]["query"] == "zzz 存在しない");
    CHECK(r["zero_result_queries"][0]["searches"] == 2);
    REQUIRE(r["queries_without_click"].size() == 1);
    CHECK(r["queries_without_click"][0]["query"] == "ec2 起動しない");
    REQUIRE(r["clicks_by_position"].size() == 2);
    CHECK(r["clicks_by_position"][1]["position"] == 3);
    CHECK(r["clicks_by_position"][1]["rate"] == Approx(0.25));
    CHECK(r["most_cited"][0]["id"] == "docs/elb/troubleshooting");
    CHECK(r["unhelpful"][0]["reasons"] == "別のサービスの話");
    REQUIRE(r["daily"].size() == 2);
    CHECK(r["daily"][0]["day"] == "2025-12-04");
    CHECK(r["daily"][0]["searches"] == 5);
    CHECK(r["daily"][0]["zero_result"] == 2);
    CHECK(r["daily"][0]["opens"] == 1);
    // A range holds only its own days.
    CHECK(store.report(kT0 + kDay, kT0 + 2 * kDay)["searches"] == 1);
}

TEST_CASE("identifiers are masked before they are stored", "[analytics][privacy]") {
    TempDir dir;
    const std::string path = (dir.path() / "a.sqlite").string();
    {
        sasae::AnalyticsStore store(path, 0);
        store.record(sasae::SearchRecord{"123456789012 の i-0123456789abcdef0 が停止", 1, "", kT0});
        store.record(sasae::UsageRecord{"unhelpful", "cases/x", "taro@example.com", 0, "AKIA2OGYBAH6XRTQ4WLM の件", kT0});
    }
    CHECK(only_text(path, "SELECT query FROM searches") == "<account> の <resource> が停止|");
    CHECK(only_text(path, "SELECT query || ' ' || reason FROM events") == "<email> <key> の件|");
}

TEST_CASE("rows older than the retention period go when the store opens", "[analytics][retention]") {
    TempDir dir;
    const std::string path = (dir.path() / "a.sqlite").string();
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    {
        sasae::AnalyticsStore store(path, 90);
        store.record(sasae::SearchRecord{"old", 1, "", now - 91 * kDay});
        store.record(sasae::SearchRecord{"recent", 1, "", now - 89 * kDay});
    }
    sasae::AnalyticsStore reopened(path, 90);
    CHECK(only_text(path, "SELECT query FROM searches") == "recent|");
}

TEST_CASE("a store that cannot be opened says so, the caller runs without analytics", "[analytics][errors]") {
    TempDir dir;
    CHECK_THROWS_AS(sasae::AnalyticsStore((dir.path() / "missing" / "a.sqlite").string(), 90), std::runtime_error);
}

namespace {

// The queries stored, oldest first.
std::string stored_queries(sasae::AnalyticsStore& store) {
    store.flush();
    return only_text(store.path(), "SELECT query FROM searches ORDER BY rowid");
}

}  // namespace

TEST_CASE("searches typed into one search box are recorded once, as the last", "[analytics][typing]") {
    TempDir dir;
    sasae::AnalyticsStore store((dir.path() / "a.sqlite").string(), 0, std::chrono::milliseconds(2000));
    auto typed = [&](const char* query, const char* key, const char* filters = "") {
        store.record(sasae::SearchRecord{query, 1, filters, kT0, key});
    };
    SECTION("typing on extends the search") {
        for (const char* q : {"E", "EC", "EC2", "EC2 ", "EC2 起動"}) typed(q, "tab-1");
        CHECK(stored_queries(store) == "EC2 起動|");
    }
    SECTION("erasing back shortens it") {
        for (const char* q : {"EC2 起動しない", "EC2 起動", "EC2 起動できない"}) typed(q, "tab-1");
        CHECK(stored_queries(store) == "EC2 起動できない|");
    }
    SECTION("a different query is a new search") {
        for (const char* q : {"EC2", "Lambda タイムアウト"}) typed(q, "tab-1");
        CHECK(stored_queries(store) == "EC2|Lambda タイムアウト|");
    }
    SECTION("the same words with other filters are a new search") {
        typed("EC2", "tab-1");
        typed("EC2", "tab-1", "kind=case");
        CHECK(stored_queries(store) == "EC2|EC2|");
    }
    SECTION("two search boxes are two searches, and a search without a box is recorded at once") {
        typed("EC2", "tab-1");
        typed("EC2 起動", "tab-2");
        typed("EC", "");
        CHECK(stored_queries(store) == "EC|EC2|EC2 起動|");
    }
}

TEST_CASE("a search typed on after the typing window is a search of its own", "[analytics][typing]") {
    TempDir dir;
    sasae::AnalyticsStore store((dir.path() / "a.sqlite").string(), 0, std::chrono::milliseconds(50));
    store.record(sasae::SearchRecord{"EC2", 1, "", kT0, "tab-1"});
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    store.record(sasae::SearchRecord{"EC2 起動", 1, "", kT0, "tab-1"});
    CHECK(stored_queries(store) == "EC2|EC2 起動|");
}

TEST_CASE("a search being typed is written when the store closes", "[analytics][typing]") {
    TempDir dir;
    const std::string path = (dir.path() / "a.sqlite").string();
    { sasae::AnalyticsStore(path, 0).record(sasae::SearchRecord{"EC2 起動", 1, "", kT0, "tab-1"}); }
    CHECK(only_text(path, "SELECT query FROM searches") == "EC2 起動|");
}

namespace {

std::vector<sasae::UsageRecord> shown(std::initializer_list<const char*> ids, const char* title) {
    std::vector<sasae::UsageRecord> out;
    int position = 0;
    for (const char* id : ids) out.push_back({"shown", id, title, ++position, "", kT0});
    return out;
}

}  // namespace

TEST_CASE("a draft's shown suggestions are recorded once per pause, and the report says what became of them", "[analytics][shown]") {
    TempDir dir;
    sasae::AnalyticsStore store((dir.path() / "a.sqlite").string(), 0, std::chrono::milliseconds(2000));
    // One draft pane: three pauses while writing, only the last set counts.
    store.record_shown(shown({"docs/a"}, "EC2"), "tab-1");
    store.record_shown(shown({"docs/a", "cases/b"}, "EC2 起動"), "tab-1");
    store.record_shown(shown({"cases/b", "docs/c"}, "EC2 起動しない"), "tab-1");
    // A client without a pane name: every answer counts.
    store.record_shown(shown({"cases/b"}, "API"), "");
    store.record(sasae::UsageRecord{"cite", "cases/b", "EC2 起動しない", 0, "", kT0});
    store.record(sasae::UsageRecord{"unhelpful", "docs/c", "EC2 起動しない", 0, "古い", kT0});
    store.flush();
    CHECK(only_text(store.path(), "SELECT doc || '@' || position FROM events WHERE type = 'shown' ORDER BY rowid") ==
          "cases/b@1|cases/b@1|docs/c@2|");
    const auto r = store.report(kT0 - kDay, kT0 + kDay);
    REQUIRE(r["suggestions"].size() == 2);
    CHECK(r["suggestions"][0] == nlohmann::json({{"id", "cases/b"}, {"shown", 2}, {"cited", 1}, {"helpful", 0}, {"unhelpful", 0}}));
    CHECK(r["suggestions"][1] == nlohmann::json({{"id", "docs/c"}, {"shown", 1}, {"cited", 0}, {"helpful", 0}, {"unhelpful", 1}}));
}

TEST_CASE("a locked database drops the batch and counts it, later events are written again", "[analytics][errors]") {
    TempDir dir;
    const std::string path = (dir.path() / "a.sqlite").string();
    sasae::AnalyticsStore store(path, 0);
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);  // another writer holds it
    store.record(sasae::SearchRecord{"EC2 起動しない", 3, "", kT0});
    store.record(sasae::UsageRecord{"open", "cases/a", "EC2 起動しない", 1, "", kT0});
    store.flush();  // the writer waited its second out and gave up on the batch
    CHECK(store.dropped() == 2);
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    store.record(sasae::SearchRecord{"Lambda タイムアウト", 2, "", kT0});
    store.flush();
    CHECK(only_text(path, "SELECT query FROM searches") == "Lambda タイムアウト|");
    CHECK(store.dropped() == 2);
}

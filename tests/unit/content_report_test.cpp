// sasae-index --report over a small knowledge base with one of each problem, and a clean one.
#include <catch2/catch.hpp>

#include <ctime>

#include "core/content_report.h"
#include "server/analytics_store.h"
#include "index_content.h"
#include "temp_dir.h"

using sasae::test::TempDir;

namespace {

struct Row {
    std::string rule, id, detail;
    bool operator==(const Row& o) const { return rule == o.rule && id == o.id && detail == o.detail; }
};

std::vector<Row> rows(const sasae::ContentReport& r) {
    std::vector<Row> out;
    for (const auto& f : r.findings) out.push_back({f.rule, f.id, f.detail});
    return out;
}

void write_clean_base(TempDir& content) {
    content.write("docs/ec2.md",
                  "---\nkind: doc\ntitle: Launch an instance\nurl: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/launch.html\n"
                  "---\nHow to launch an instance.\n");
    content.write("cases/good.md",
                  "---\ntitle: EC2 が InsufficientInstanceCapacity で起動しない\nservices: [EC2]\ndate: 2026-11-01\n---\n"
                  "別のアベイラビリティーゾーンで起動できた。\n\n"
                  "- [Launch](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/launch.html)\n- [関連](other.md)\n");
    content.write("cases/other.md",
                  "---\ntitle: Direct Connect の BGP が Idle のまま\nservices: [Direct Connect]\ndate: 2026-10-01\n---\n"
                  "ASN の設定違いで BGP セッションが確立しなかった。\n");
}

}  // namespace

TEST_CASE("a clean knowledge base has nothing to mend", "[report]") {
    TempDir content, db;
    write_clean_base(content);
    sasae::test::index_content(content, db);
    const auto report = sasae::report_content(Xapian::Database(db.str()));
    CHECK(report.documents == 3);
    CHECK(report.notes.size() == 2);
    CHECK(report.findings.empty());
}

TEST_CASE("the report names each problem once, by rule and note, never the secret itself", "[report]") {
    TempDir content, db;
    write_clean_base(content);
    content.write("cases/bad.md",
                  "---\ntitle: VPC エンドポイント経由で S3 に 403\n---\n"
                  "バケットポリシーで拒否された。\n\n"
                  "使ったキー AKIA2OGYBAH6XRTQ4WLM で再現。AWS の例 AKIAIOSFODNN7EXAMPLE は秘密ではない。\n\n"
                  "- [Gateway endpoints](https://docs.aws.amazon.com/vpc/latest/privatelink/missing-page.html)\n"
                  "- [ブログ](https://example.com/s3-403)\n- [前の件](gone.md)\n");
    const std::string twin = "---\ntitle: Lambda が VPC 内で外部 API にタイムアウト\nservices: [Lambda]\ndate: 2026-09-09\n---\n"
                             "プライベートサブネットに NAT ゲートウェイが無く、Task timed out after 30.03 seconds になった。"
                             "ルートテーブルに 0.0.0.0/0 を NAT へ向けて解消。\n";
    content.write("cases/lambda-a.md", twin);
    content.write("cases/lambda-b.md", twin);
    sasae::test::index_content(content, db);
    const auto report = sasae::report_content(Xapian::Database(db.str()));
    CHECK(report.notes.size() == 5);
    // In the order of content_rules(): the most urgent first.
    const std::vector<Row> expected = {
        {"secret", "cases/bad", "line 3 of the body"},
        {"broken-link", "cases/bad", "cases/gone"},
        {"unindexed-reference", "cases/bad", "https://docs.aws.amazon.com/vpc/latest/privatelink/missing-page.html"},
        {"missing-services", "cases/bad", "front matter has no services"},
        {"missing-date", "cases/bad", "front matter has no date"},
        {"near-duplicate", "cases/lambda-a", "cases/lambda-b"},
    };
    CHECK(rows(report) == expected);
    const std::string text = sasae::format_report(report);
    CHECK(text.find("AKIA2OGYBAH6XRTQ4WLM") == std::string::npos);
    CHECK(text.rfind("sasae-index --report: 6 documents, 5 notes, 6 findings\n", 0) == 0);
}

TEST_CASE("every rule a finding names is listed, with a label for the page", "[report]") {
    std::set<std::string> ids;
    for (const auto& rule : sasae::content_rules()) {
        CHECK_FALSE(rule.label.empty());
        CHECK(ids.insert(rule.id).second);
    }
    for (const char* id : {"secret", "broken-link", "unindexed-reference", "missing-services", "missing-date", "near-duplicate", "unopened"})
        CHECK(ids.count(id) == 1);
}

namespace {

constexpr std::int64_t kDay = 86400;

sasae::ContentReport clean_report(TempDir& content, TempDir& db) {
    write_clean_base(content);
    sasae::test::index_content(content, db);
    return sasae::report_content(Xapian::Database(db.str()));
}

}  // namespace

TEST_CASE("notes nobody opened or cited in the last days are findings when the analytics reach back that far", "[report][analytics]") {
    TempDir content, db, dir;
    auto report = clean_report(content, db);
    const std::string path = (dir.path() / "a.sqlite").string();
    const std::int64_t now = std::time(nullptr);
    {
        sasae::AnalyticsStore store(path, 90);
        store.record(sasae::SearchRecord{"EC2 起動", 3, "", now - 89 * kDay});  // records reach back 89 days
        store.record(sasae::UsageRecord{"open", "cases/good", "EC2 起動", 1, "", now - 80 * kDay});
        store.record(sasae::UsageRecord{"open", "cases/other", "BGP", 1, "", now - 40 * kDay});
        store.record(sasae::UsageRecord{"unhelpful", "cases/other", "BGP", 0, "", now - kDay});  // not a use
        store.flush();
    }
    SECTION("over 60 days, the note opened 80 days ago is unused") {
        sasae::add_unused_notes(report, sasae::read_document_use(path, 60, now));
        CHECK(report.use_checked);
        REQUIRE(report.findings.size() == 1);
        CHECK(report.findings[0].rule == "unopened");
        CHECK(report.findings[0].id == "cases/good");
        CHECK(report.findings[0].detail == "not opened or cited in 60 days");
    }
    SECTION("over 85 days both were opened") {
        sasae::add_unused_notes(report, sasae::read_document_use(path, 85, now));
        CHECK(report.use_checked);
        CHECK(report.findings.empty());
        CHECK(sasae::format_report(report).find("notes checked for use over the last 85 days") != std::string::npos);
    }
    SECTION("a citation counts as a use") {
        {
            sasae::AnalyticsStore store(path, 90);
            store.record(sasae::UsageRecord{"cite", "cases/good", "草稿", 0, "", now - kDay});
            store.flush();
        }
        sasae::add_unused_notes(report, sasae::read_document_use(path, 60, now));
        CHECK(report.findings.empty());
    }
}

TEST_CASE("the use check says why it did not run instead of calling every note unused", "[report][analytics]") {
    TempDir content, db, dir;
    auto report = clean_report(content, db);
    const std::string path = (dir.path() / "a.sqlite").string();
    const std::int64_t now = std::time(nullptr);
    SECTION("no analytics file") {
        sasae::add_unused_notes(report, sasae::read_document_use(path, 90, now));
        CHECK_FALSE(report.use_checked);
        CHECK(report.use_not_checked == "no usage analytics at " + path);
        CHECK(sasae::format_report(report).find("; notes not checked for use: no usage analytics at ") != std::string::npos);
    }
    SECTION("records that began 5 days ago") {
        {
            sasae::AnalyticsStore store(path, 90);
            store.record(sasae::SearchRecord{"EC2", 3, "", now - 5 * kDay});
            store.flush();
        }
        sasae::add_unused_notes(report, sasae::read_document_use(path, 90, now));
        CHECK_FALSE(report.use_checked);
        CHECK(report.use_not_checked.find("the analytics reach back to " + sasae::utc_day(now - 5 * kDay) + " only") != std::string::npos);
    }
    SECTION("a retention shorter than the days asked for") {
        { sasae::AnalyticsStore store(path, 30); }
        sasae::add_unused_notes(report, sasae::read_document_use(path, 90, now));
        CHECK_FALSE(report.use_checked);
        CHECK(report.use_not_checked.find("the analytics keep 30 days") != std::string::npos);
    }
    CHECK(report.findings.empty());
}

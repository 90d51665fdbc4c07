// sasae-index --report over a small knowledge base with one of each problem, and a clean one.
#include <catch2/catch.hpp>

#include "indexer/content_report.h"
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
    CHECK(report.notes == 2);
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
    CHECK(report.notes == 5);
    const std::vector<Row> expected = {
        {"broken-link", "cases/bad", "cases/gone"},
        {"missing-date", "cases/bad", "front matter has no date"},
        {"missing-services", "cases/bad", "front matter has no services"},
        {"near-duplicate", "cases/lambda-a", "cases/lambda-b"},
        {"secret", "cases/bad", "line 3 of the body"},
        {"unindexed-reference", "cases/bad", "https://docs.aws.amazon.com/vpc/latest/privatelink/missing-page.html"},
    };
    CHECK(rows(report) == expected);
    const std::string text = sasae::format_report(report);
    CHECK(text.find("AKIA2OGYBAH6XRTQ4WLM") == std::string::npos);
    CHECK(text.rfind("sasae-index --report: 6 documents, 5 notes, 6 findings\n", 0) == 0);
}

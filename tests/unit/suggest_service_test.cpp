// Drafting-time suggestions over a small real index: what is suggested per kind, why, and the
// primary sources the most similar past case cites.
#include <catch2/catch.hpp>

#include <algorithm>

#include "server/suggest_service.h"
#include "index_content.h"
#include "temp_dir.h"

using sasae::test::TempDir;

namespace {

struct SuggestFixture {
    TempDir content, db;
    std::unique_ptr<sasae::IndexReader> reader;

    SuggestFixture() {
        content.write("cases/nat.md",
                      "---\ntitle: NAT ゲートウェイ経由の通信がタイムアウトする\nservices: [VPC]\n---\n"
                      "プライベートサブネットの Lambda から外部 API がタイムアウト。ErrorPortAllocation が増加。\n\n"
                      "- [NAT gateway troubleshooting](https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html)\n");
        content.write("cases/s3.md", "---\ntitle: S3 の 403 AccessDenied\nservices: [S3]\n---\nバケットポリシーで拒否された。\n");
        content.write("docs/vpc.md",
                      "---\nkind: doc\nservices: [VPC]\nsplit: links\n---\n"
                      "- [NAT gateway troubleshooting](https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html)"
                      " — NAT ゲートウェイの接続問題の切り分け。\n"
                      "- [Route tables](https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html) — ルートテーブルの説明。\n"
                      "- [Security groups](https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html)"
                      " — セキュリティグループの説明。\n");
        // Unrelated notes, so that the draft's words are rare enough to be worth suggesting on
        // (a term in more than a fifth of the documents says little).
        for (int i = 0; i < 16; ++i)
            content.write("cases/other" + std::to_string(i) + ".md",
                          "---\ntitle: RDS のメンテナンス " + std::to_string(i) + "\nservices: [RDS]\n---\nパラメータグループを変更した。\n");
        // The page the link-list entry above points to, as the AWS documentation corpus has it.
        content.write("awsdocs/nat-gateway-troubleshooting.md",
                      "---\nkind: doc\ntitle: Troubleshoot NAT gateways\n"
                      "url: https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html\n---\n"
                      "ErrorPortAllocation means the NAT gateway could not allocate a source port.\n");
        content.write("blogs/lambda.md", "---\nkind: blog\ntitle: Lambda を VPC に入れたらタイムアウト\n---\nNAT が無かった話。\n");
        content.write("blogs/cloudshell.md",
                      "---\nkind: blog\ntitle: CloudShell で jq が動かない\n---\nCloudShell のホームに入れた jq がタイムアウトする。"
                      "CloudShell を作り直して jq を入れ直した。\n");
        sasae::test::index_content(content, db);
        reader = std::make_unique<sasae::IndexReader>(db.str());
    }

    sasae::SuggestResponse suggest(const std::string& title, const std::string& body) const {
        sasae::SuggestRequest r;
        r.title = title;
        r.body = body;
        return sasae::SuggestService(*reader).suggest(r);
    }
};

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("a draft gets the matching past case, doc and blog, each in its own list", "[suggest]") {
    SuggestFixture f;
    auto r = f.suggest("Lambda から外部 API がタイムアウトする", "NAT ゲートウェイで ErrorPortAllocation が出ている。");
    REQUIRE_FALSE(r.of("case").empty());
    CHECK(r.of("case").front().hit.id == "cases/nat");
    REQUIRE_FALSE(r.of("doc").empty());
    CHECK(r.of("doc").front().hit.kind == "doc");
    REQUIRE_FALSE(r.of("blog").empty());
    CHECK(r.of("blog").front().hit.id == "blogs/lambda");
}

TEST_CASE("why names the draft terms, as written, that each suggestion contains and no others", "[suggest]") {
    SuggestFixture f;
    auto r = f.suggest("外部 API がタイムアウト", "ErrorPortAllocation が出る。S3 は関係ない。");
    REQUIRE_FALSE(r.of("case").empty());
    const auto& nat = r.of("case").front();
    REQUIRE(nat.hit.id == "cases/nat");
    CHECK(has(nat.why, "ErrorPortAllocation"));
    CHECK(has(nat.why, "外部"));
    CHECK_FALSE(has(nat.why, "S3"));
    for (const auto& s : r.of("case"))
        if (s.hit.id == "cases/s3") {
            CHECK(has(s.why, "S3"));
            CHECK_FALSE(has(s.why, "ErrorPortAllocation"));
        }
    // In the order the terms were selected (most telling first).
    std::vector<std::string> in_selection_order;
    for (const auto& t : r.terms)
        if (has(nat.why, t)) in_selection_order.push_back(t);
    CHECK(nat.why == in_selection_order);
}

TEST_CASE("the doc the most similar past case cites comes first, with the case named", "[suggest]") {
    SuggestFixture f;
    auto r = f.suggest("NAT ゲートウェイ経由でタイムアウト", "ErrorPortAllocation が増えている。");
    REQUIRE_FALSE(r.of("doc").empty());
    CHECK(r.of("doc").front().hit.url == "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html");
    CHECK(has(r.of("doc").front().cited_by, "cases/nat"));
}

TEST_CASE("a page and its link-list entry are one suggestion, cited by the cases that cite either", "[suggest]") {
    SuggestFixture f;
    auto r = f.suggest("NAT ゲートウェイ経由でタイムアウト", "ErrorPortAllocation が増えている。");
    const std::string nat = "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html";
    int listed = 0;
    for (const auto& s : r.of("doc"))
        if (s.hit.url == nat) {
            ++listed;
            CHECK(has(s.cited_by, "cases/nat"));
        }
    CHECK(listed == 1);
}

TEST_CASE("scores are relative to the best suggestion of each kind", "[suggest]") {
    SuggestFixture f;
    auto r = f.suggest("NAT ゲートウェイ経由でタイムアウト", "Lambda から ErrorPortAllocation が増えている。");
    for (const auto* list : {&r.of("case"), &r.of("doc"), &r.of("blog")}) {
        double best = 0;
        for (const auto& s : *list) {
            CHECK(s.hit.score <= 1.0);
            best = std::max(best, s.hit.score);
        }
        if (!list->empty()) CHECK(best == Approx(1.0));
    }
}

TEST_CASE("a past case that an article outmatches is scored just below the other kinds' best", "[suggest]") {
    SuggestFixture f;
    // cases/nat shares only タイムアウト with the draft; the CloudShell article tells its problem.
    auto r = f.suggest("CloudShell の jq がタイムアウトする", "CloudShell で jq を実行するとタイムアウトになります。");
    REQUIRE_FALSE(r.of("case").empty());
    REQUIRE_FALSE(r.of("blog").empty());
    CHECK(r.of("blog").front().hit.id == "blogs/cloudshell");
    CHECK(r.of("blog").front().hit.score == Approx(1.0));
    CHECK(r.of("case").front().hit.score < 1.0);
    CHECK(r.of("case").front().hit.score > 0.9);  // still above the rest of the other kinds' lists
    CHECK_FALSE(r.same_problem);
}

TEST_CASE("a past case that outmatches every article keeps the top score", "[suggest]") {
    SuggestFixture f;
    auto r = f.suggest("NAT ゲートウェイ経由でタイムアウト", "ErrorPortAllocation が増えている。");
    REQUIRE_FALSE(r.of("case").empty());
    CHECK(r.of("case").front().hit.id == "cases/nat");
    CHECK(r.of("case").front().hit.score == Approx(1.0));
    CHECK(r.same_problem);
}

TEST_CASE("a draft no past case matches has no same problem", "[suggest]") {
    SuggestFixture f;
    auto r = f.suggest("CloudShell の jq", "CloudShell で jq を入れ直した。");
    CHECK(r.of("case").empty());
    CHECK_FALSE(r.same_problem);
}

TEST_CASE("a past case that an article outmatches does not put its citations first", "[suggest]") {
    SuggestFixture f;
    // The route-table doc matches the draft itself; cases/nat only through タイムアウト, and the
    // CloudShell article matches it better than cases/nat does.
    auto r = f.suggest("ルートテーブルの説明", "Route tables の設定で CloudShell がタイムアウト。");
    REQUIRE_FALSE(r.of("doc").empty());
    CHECK(r.of("doc").front().hit.url == "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html");
    // Its citations come after every doc that matches the draft.
    bool seen_citation = false;
    for (const auto& s : r.of("doc")) {
        if (!s.cited_by.empty() && s.hit.score == 0) seen_citation = true;
        if (s.hit.score > 0) CHECK_FALSE(seen_citation);
    }
    CHECK(seen_citation);
}

TEST_CASE("with no article to measure it, a past case that explains little of the draft does not put its citations first", "[suggest]") {
    SuggestFixture f;
    // Only 外部 API is shared with cases/nat, and with no article; the route-table doc matches
    // the draft itself.
    auto r = f.suggest("ルートテーブルの説明", "Route tables の設定で外部 API に出られない。");
    for (const auto& s : r.of("blog")) CHECK(s.hit.score == 0);
    REQUIRE_FALSE(r.of("doc").empty());
    CHECK(r.of("doc").front().hit.url == "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html");
}

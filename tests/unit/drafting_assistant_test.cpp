// The drafting assistant: checks of a support-case draft, first-response targets and the
// create-case export.
#include <catch2/catch.hpp>

#include <algorithm>

#include "server/case_export.h"
#include "server/draft_lint.h"
#include "server/response_target.h"
#include "server/invalid_request.h"

namespace {

std::vector<std::string> rules(const std::vector<sasae::LintFinding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) out.push_back(f.rule);
    return out;
}

bool has_rule(const std::vector<sasae::LintFinding>& f, const std::string& rule) {
    auto r = rules(f);
    return std::find(r.begin(), r.end(), rule) != r.end();
}

const sasae::LintFinding& finding(const std::vector<sasae::LintFinding>& f, const std::string& rule) {
    auto it = std::find_if(f.begin(), f.end(), [&](const auto& x) { return x.rule == rule; });
    REQUIRE(it != f.end());
    return *it;
}

const std::string kGoodBody =
    "2026-11-20 10:30 JST から ap-northeast-1 の i-0123456789abcdef0 で InsufficientInstanceCapacity が出て起動できません。\n"
    "別のアベイラビリティーゾーンでも試しましたが再現しました。\n"
    "原因と回避策を教えてください。";

}  // namespace

TEST_CASE("a complete draft gets no findings", "[lint]") {
    CHECK(sasae::lint_draft("EC2 インスタンスが起動しない", kGoodBody).empty());
}

TEST_CASE("an empty draft gets no findings yet", "[lint]") { CHECK(sasae::lint_draft("", " \n").empty()); }

TEST_CASE("urgency words in the title are a warning with their span", "[lint][urgency]") {
    auto f = sasae::lint_draft("【緊急】本番サーバーが停止", kGoodBody);
    const auto& u = finding(f, "urgency-words");
    CHECK(u.level == "warning");
    CHECK(u.field == "title");
    CHECK(u.start == 0);
    CHECK(u.end == 4);  // 【緊急】 is four UTF-16 units
    CHECK_THAT(u.message, Catch::Contains("重要度"));
}

TEST_CASE("a response-time demand in the body is an urgency warning", "[lint][urgency]") {
    CHECK(has_rule(sasae::lint_draft("起動しない", kGoodBody + "\n1時間以内に回答をお願いします。"), "urgency-words"));
    CHECK(has_rule(sasae::lint_draft("Please respond ASAP", kGoodBody), "urgency-words"));
}

TEST_CASE("no region: neither a region code nor a Japanese region name", "[lint][region]") {
    CHECK(has_rule(sasae::lint_draft("起動しない", "i-0123456789abcdef0 が 10:30 JST に停止。試しました。教えてください。"), "no-region"));
    CHECK_FALSE(has_rule(sasae::lint_draft("起動しない", "東京リージョンの i-0123456789abcdef0 が 10:30 JST に停止。"), "no-region"));
}

TEST_CASE("no resource ID: instance, volume, VPC, load balancer or ARN", "[lint][resource]") {
    CHECK(has_rule(sasae::lint_draft("起動しない", "ap-northeast-1 でインスタンスが起動しない。"), "no-resource"));
    for (const char* id : {"vol-0123456789abcdef0", "vpc-0a1b2c3d", "arn:aws:iam::123456789012:role/x",
                           "my-alb-123456.ap-northeast-1.elb.amazonaws.com"}) {
        INFO(id);
        CHECK_FALSE(has_rule(sasae::lint_draft("x", std::string("ap-northeast-1 ") + id), "no-resource"));
    }
}

TEST_CASE("no time of occurrence, and a time without time zone", "[lint][time]") {
    CHECK(has_rule(sasae::lint_draft("起動しない", "ap-northeast-1 の i-0123456789abcdef0 が起動しない。"), "no-time"));
    auto f = sasae::lint_draft("起動しない", "本日 10:30 頃から i-0123456789abcdef0 が起動しない。");
    const auto& t = finding(f, "time-without-zone");
    CHECK(t.field == "body");
    CHECK(t.start == 3);  // 本日␠ is three units
    CHECK(t.end == 8);
    CHECK_FALSE(has_rule(sasae::lint_draft("x", "10時30分 (日本時間) に発生"), "time-without-zone"));
}

TEST_CASE("no reproduction or isolation, and no desired outcome", "[lint]") {
    auto f = sasae::lint_draft("起動しない", "ap-northeast-1 の i-0123456789abcdef0 が 10:30 JST から起動しない。");
    CHECK(has_rule(f, "no-reproduction"));
    CHECK(has_rule(f, "no-desired-outcome"));
}

TEST_CASE("two AWS account IDs: advise a case in each account", "[lint][accounts]") {
    auto f = sasae::lint_draft("AssumeRole 失敗", "アカウント 111122223333 から 444455556666 のロール arn:aws:iam::444455556666:role/x へ");
    CHECK(finding(f, "multiple-accounts").level == "warning");
    CHECK_FALSE(has_rule(sasae::lint_draft("x", "アカウント 111122223333 の arn:aws:iam::111122223333:role/x"), "multiple-accounts"));
}

TEST_CASE("a screenshot named and no text pasted: paste the message as text too", "[lint][screenshot]") {
    const std::string body = "ap-northeast-1 の i-0123456789abcdef0 でエラーになりました。スクリーンショットを添付します。";
    auto f = sasae::lint_draft("起動しない", body);
    const auto& hint = finding(f, "screenshot-only");
    CHECK(hint.level == "info");
    CHECK(hint.field == "body");
    CHECK(hint.message.find("「スクリーンショット」") == 0);
    CHECK(hint.start == 48);  // UTF-16 code units: where スクリーンショット starts in the body
    CHECK(has_rule(sasae::lint_draft("エラー画面のキャプチャ", "起動しません。"), "screenshot-only"));
    CHECK(has_rule(sasae::lint_draft("x", "See the attached Screenshot."), "screenshot-only"));
    // The text is there as well: nothing to say.
    CHECK_FALSE(has_rule(sasae::lint_draft("起動しない", body + "\n```\nAn error occurred (InsufficientInstanceCapacity)\n```"),
                         "screenshot-only"));
    CHECK_FALSE(has_rule(sasae::lint_draft("起動しない", kGoodBody), "screenshot-only"));
}

TEST_CASE("pasted access keys and private keys are warnings with spans", "[lint][secrets]") {
    auto f = sasae::lint_draft("認証エラー", "キー AKIAIOSFODNN7EXAMPLE と wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY を使用");
    auto count = std::count_if(f.begin(), f.end(), [](const auto& x) { return x.rule == "secret"; });
    CHECK(count == 2);
    CHECK(finding(f, "secret").start == 3);
    CHECK(has_rule(sasae::lint_draft("x", "-----BEGIN RSA PRIVATE KEY-----\nMIIE..."), "secret"));
    CHECK_FALSE(has_rule(sasae::lint_draft("x", "InsufficientInstanceCapacity"), "secret"));
}

TEST_CASE("response targets follow the plan x severity table", "[response-target]") {
    auto t = sasae::compute_response_target({"business", "urgent", "2026-11-27T17:30:00+09:00"});
    CHECK(t.target_minutes == 60);
    CHECK(t.due_at == "2026-11-27T18:30:00+09:00");
    CHECK(t.due_at_utc == "2026-11-27T09:30:00Z");
    CHECK(sasae::compute_response_target({"enterprise", "critical", "2026-11-27T17:30:00Z"}).due_at == "2026-11-27T17:45:00Z");
    CHECK(sasae::compute_response_target({"enterprise-on-ramp", "critical", "2026-11-27T17:30:00Z"}).target_minutes == 30);
    CHECK(sasae::compute_response_target({"business", "urgent", "2026-11-27T17:30:00.123+09:00"}).due_at ==
          "2026-11-27T18:30:00+09:00");
}

TEST_CASE("Developer targets count business hours, weekdays 08:00-18:00 local", "[response-target]") {
    // Friday 17:00 JST + 12 business hours: 1 h Friday, 10 h Monday, 1 h Tuesday -> Tue 09:00.
    auto t = sasae::compute_response_target({"developer", "normal", "2026-11-27T17:00:00+09:00"});
    CHECK(t.business_hours);
    CHECK(t.due_at == "2026-12-01T09:00:00+09:00");
    // Opened on Saturday night: the clock starts Monday 08:00.
    CHECK(sasae::compute_response_target({"developer", "low", "2026-11-28T22:00:00+09:00"}).due_at ==
          "2026-12-02T12:00:00+09:00");
}

TEST_CASE("a severity the plan does not offer is a clear error", "[response-target][errors]") {
    CHECK_THROWS_WITH(sasae::compute_response_target({"developer", "urgent", "2026-11-27T10:00:00Z"}),
                      Catch::Contains("does not offer"));
    CHECK_THROWS_AS(sasae::compute_response_target({"gold", "low", "2026-11-27T10:00:00Z"}), sasae::InvalidRequest);
    CHECK_THROWS_WITH(sasae::compute_response_target({"business", "low", "2026-11-27T10:00:00"}),
                      Catch::Contains("time zone"));
}

TEST_CASE("the create-case export has the CLI's field names", "[case-json]") {
    sasae::CaseExportRequest r;
    r.subject = "EC2 が起動しない";
    r.body = kGoodBody;
    r.service_code = "amazon-elastic-compute-cloud-linux";
    r.category_code = "instance-issue";
    r.severity = "high";
    r.cc_emails = {"ops@example.com"};
    auto j = sasae::export_create_case(r);
    CHECK(j["subject"] == "EC2 が起動しない");
    CHECK(j["communicationBody"] == kGoodBody);
    CHECK(j["serviceCode"] == "amazon-elastic-compute-cloud-linux");
    CHECK(j["categoryCode"] == "instance-issue");
    CHECK(j["severityCode"] == "high");
    CHECK(j["language"] == "ja");
    CHECK(j["ccEmailAddresses"] == std::vector<std::string>{"ops@example.com"});
}

TEST_CASE("the create-case export validates like the API", "[case-json][errors]") {
    sasae::CaseExportRequest r;
    r.subject = "x";
    r.body = std::string(8001, 'a');
    CHECK_THROWS_WITH(sasae::export_create_case(r), Catch::Contains("8,000"));
    r.body = "ok";
    r.cc_emails.assign(11, "a@example.com");
    CHECK_THROWS_WITH(sasae::export_create_case(r), Catch::Contains("at most 10"));
    r.cc_emails = {"not-an-email"};
    CHECK_THROWS_AS(sasae::export_create_case(r), sasae::InvalidRequest);
    r.cc_emails.clear();
    r.severity = "p1";
    CHECK_THROWS_AS(sasae::export_create_case(r), sasae::InvalidRequest);
    r.severity = "low";
    r.subject = " ";
    CHECK_THROWS_WITH(sasae::export_create_case(r), Catch::Contains("subject"));
    r.subject = "\xE3\x80\x80";  // an ideographic space only
    CHECK_THROWS_WITH(sasae::export_create_case(r), Catch::Contains("subject"));
}

// Which words of a case draft are searched for, and how much each counts.
#include <catch2/catch.hpp>

#include "server/draft_terms.h"

namespace {

const sasae::Analyzer analyzer;

sasae::DraftTerms draft_terms(std::string_view title, std::string_view body) {
    return sasae::read_draft(analyzer, nullptr, title, body).terms;
}

bool has(const sasae::DraftTerms& terms, const std::string& term) { return terms.count(term) > 0; }

}  // namespace

TEST_CASE("the words every support letter has are not draft terms", "[draft-terms]") {
    auto terms = draft_terms("",
                                    "お世話になっております。恐れ入りますが、原因と対処方法を教えていただけますでしょうか。"
                                    "何卒よろしくお願いいたします。NAT ゲートウェイで ErrorPortAllocation が出ます。");
    for (const char* boilerplate : {"世話", "恐れ入る", "原因", "対処", "方法", "教える", "願い"})
        CHECK_FALSE(has(terms, boilerplate));
    CHECK(has(terms, "errorportallocation"));
    CHECK(has(terms, "ゲト"));
}

TEST_CASE("English letter phrases are not draft terms either", "[draft-terms]") {
    auto terms = draft_terms("", "Hello team, please advise. Thanks and regards. The NAT gateway drops packets.");
    for (const char* boilerplate : {"hello", "please", "advise", "thanks", "regards", "team"}) {
        CHECK_FALSE(has(terms, boilerplate));
        CHECK_FALSE(has(terms, sasae::stem_term(boilerplate)));
    }
    CHECK(has(terms, sasae::stem_term("packets")));
}

TEST_CASE("a word on an error line counts more than in pasted output, title words most", "[draft-terms]") {
    auto terms = draft_terms("Lambda timeout",
                                    "```\n"
                                    "START RequestId: 1f2e Version: $LATEST\n"
                                    "ERROR Task timed out after 3.00 seconds\n"
                                    "```\n");
    REQUIRE(has(terms, sasae::stem_term("task")));
    REQUIRE(has(terms, sasae::stem_term("version")));
    REQUIRE(has(terms, sasae::stem_term("lambda")));
    // pasted output 0.5; an error line in it 0.5 x 2
    CHECK(terms.at(sasae::stem_term("version")).count == Approx(0.5));
    CHECK(terms.at(sasae::stem_term("task")).count == Approx(1.0));
    CHECK(terms.at(sasae::stem_term("lambda")).count == Approx(3.0));
}

TEST_CASE("long identifiers are boosted, short fragments like AZ suffixes are not", "[draft-terms]") {
    auto terms = draft_terms("", "1a と 1c のインスタンスで InsufficientInstanceCapacity");
    REQUIRE(has(terms, "insufficientinstancecapacity"));
    REQUIRE(has(terms, "1a"));
    CHECK(terms.at("insufficientinstancecapacity").boost > terms.at("1a").boost);
    CHECK(terms.at("1a").boost == Approx(1.0));
}

TEST_CASE("verbs and adjectives count half of what nouns do", "[draft-terms]") {
    auto terms = draft_terms("", "インスタンスが落ちる");
    REQUIRE(has(terms, "落ちる"));
    REQUIRE(has(terms, "インスタンス"));
    CHECK(terms.at("落ちる").boost == Approx(0.5));
    CHECK(terms.at("インスタンス").boost == Approx(1.0));
}

TEST_CASE("error lines are told by the words that report a failure", "[draft-terms]") {
    CHECK(sasae::is_error_line("An error occurred (AccessDenied) when calling the GetObject operation"));
    CHECK(sasae::is_error_line("botocore.exceptions.ClientError"));
    CHECK(sasae::is_error_line("接続がタイムアウトして失敗しました"));
    CHECK(sasae::is_error_line("FATAL: remaining connection slots are reserved"));
    CHECK_FALSE(sasae::is_error_line("2025-03-04T10:30:00Z INFO started"));
    CHECK_FALSE(sasae::is_error_line("インスタンスを再起動しました"));
}

TEST_CASE("synonym keys written in a draft are found, one word or several", "[draft-terms][synonyms]") {
    sasae::Synonyms synonyms({{"名前解決", "DNS resolution"}, {"ヘルスチェック", "health check"}}, analyzer);
    auto words = sasae::read_draft(analyzer, &synonyms, "名前解決できない", "ヘルスチェックが失敗します。");
    CHECK(words.synonym_keys.count(sasae::Synonyms::key_of("名前解決", analyzer)) == 1);
    CHECK(words.synonym_keys.count(sasae::Synonyms::key_of("ヘルスチェック", analyzer)) == 1);
    CHECK(words.synonym_keys.size() == 2);
}

TEST_CASE("times, dates, addresses and versions from pasted logs are not draft terms", "[draft-terms]") {
    auto terms = draft_terms("", "2026-12-04 10:15:32 UTC host=10.0.1.23 python 3.11 で FATAL: remaining connection slots");
    for (const char* noise : {"10:15:32", "2026-12-04", "10.0.1.23", "3.11"}) CHECK_FALSE(has(terms, noise));
    CHECK(has(terms, sasae::stem_term("slots")));
}

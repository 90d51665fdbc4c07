// The analyser's specification: what a support engineer types or writes, and the terms it
// becomes. Index time and query time share this analysis, so these rows are also the
// promise that a query finds text written the same way.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/analyzer.h"
#include "golden_rows.h"

namespace {

using sasae::test::kGolden;

std::string main_terms(const std::vector<sasae::Token>& tokens) {
    std::string out;
    for (const auto& t : tokens) {
        if (!out.empty()) out += ' ';
        out += t.term;
    }
    return out;
}

bool indexes(const sasae::Token& t, const std::string& term) {
    if (t.term == term || t.stem == term) return true;
    for (const auto& v : t.variants)
        if (v == term) return true;
    return false;
}

sasae::Token only_token(const std::vector<sasae::Token>& tokens) {
    REQUIRE(tokens.size() == 1);
    return tokens.front();
}

}  // namespace

TEST_CASE("golden table: input becomes these main terms", "[analyzer]") {
    sasae::Analyzer analyzer;
    for (const auto& row : kGolden) {
        INFO("input: " << row.input);
        CHECK(main_terms(analyzer.analyze(row.input)) == row.terms);
    }
    CHECK(sizeof(kGolden) / sizeof(kGolden[0]) >= 60);
}

TEST_CASE("inflected verbs and their negative and potential forms meet at the noun", "[analyzer][japanese]") {
    sasae::Analyzer a;
    CHECK(main_terms(a.analyze("起動しない")) == main_terms(a.analyze("起動できない")));
    CHECK(main_terms(a.analyze("起動しない")) == main_terms(a.analyze("起動する")));
}

TEST_CASE("an inflected verb indexes its base form and keeps its surface as a variant", "[analyzer][japanese]") {
    sasae::Analyzer a;
    auto tokens = a.analyze("証明書の有効期限が切れた");
    const auto& last = tokens.back();
    CHECK(last.term == "切れる");
    CHECK(indexes(last, "切れ"));
}

TEST_CASE("width and long-vowel variants give the same term", "[analyzer][japanese]") {
    sasae::Analyzer a;
    CHECK(main_terms(a.analyze("ｻｰﾊﾞｰ")) == main_terms(a.analyze("サーバー")));
    CHECK(main_terms(a.analyze("サーバー")) == main_terms(a.analyze("サーバ")));
    CHECK(main_terms(a.analyze("ＥＣ２")) == main_terms(a.analyze("EC2")));
    CHECK(main_terms(a.analyze("キー")) == "キー");  // too short to be a long-vowel variant
}

TEST_CASE("katakana spelling variants meet: small vowels and long-vowel marks", "[analyzer][japanese]") {
    sasae::Analyzer a;
    CHECK(main_terms(a.analyze("マネージャー")) == main_terms(a.analyze("マネジャー")));
    // MeCab splits ゲートウェイ but not ゲートウエイ; the katakana compounds still agree.
    auto dictionary = sasae::katakana_compounds(a.analyze("ゲートウェイ"));
    auto unknown = sasae::katakana_compounds(a.analyze("ゲートウエイ"));
    REQUIRE(dictionary.size() == 1);
    REQUIRE(unknown.size() == 1);
    CHECK(dictionary[0].joined == unknown[0].joined);
    CHECK(main_terms(a.analyze("ユーザー")) == main_terms(a.analyze("ユーザ")));
    CHECK(main_terms(a.analyze("ロードバランサー")) == main_terms(a.analyze("ロードバランサ")));
}

TEST_CASE("error codes stay whole and index their words", "[analyzer][identifier]") {
    sasae::Analyzer a;
    const auto t = only_token(a.analyze("InsufficientInstanceCapacity"));
    CHECK(t.kind == sasae::TokenKind::Identifier);
    CHECK(t.term == "insufficientinstancecapacity");
    for (const char* part : {"insufficient", "instance", "capacity", "Zinstanc"}) {
        INFO(part);
        CHECK(indexes(t, part));
    }
}

TEST_CASE("region names, resource IDs and ARNs are single terms with useful parts", "[analyzer][identifier]") {
    sasae::Analyzer a;
    const auto region = only_token(a.analyze("ap-northeast-1"));
    CHECK(region.term == "ap-northeast-1");
    CHECK(indexes(region, "northeast"));
    CHECK_FALSE(indexes(region, "1"));  // a lone digit would match every region and version

    const auto instance = only_token(a.analyze("i-0123456789abcdef0"));
    CHECK(instance.term == "i-0123456789abcdef0");
    CHECK(indexes(instance, "0123456789abcdef0"));
    CHECK_FALSE(indexes(instance, "i"));

    const auto arn = only_token(a.analyze("arn:aws:iam::123456789012:role/MyRole"));
    CHECK(indexes(arn, "123456789012"));
    CHECK(indexes(arn, "myrole"));
}

TEST_CASE("English words carry their stem so plurals match", "[analyzer][english]") {
    sasae::Analyzer a;
    CHECK(only_token(a.analyze("instances")).stem == only_token(a.analyze("instance")).stem);
    CHECK(only_token(a.analyze("Connections")).stem == "Zconnect");
}

TEST_CASE("token offsets point into the original text, before normalization", "[analyzer][offsets]") {
    sasae::Analyzer a;
    std::string text = "ＥＣ２ が ｲﾝｽﾀﾝｽ";
    auto tokens = a.analyze(text);
    REQUIRE(tokens.size() == 2);
    CHECK(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin) == "ＥＣ２");
    CHECK(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin) == "ｲﾝｽﾀﾝｽ");
}

TEST_CASE("positions are consecutive so phrases can be matched", "[analyzer][positions]") {
    sasae::Analyzer a;
    auto tokens = a.analyze("VPN トンネルが DOWN になる");
    REQUIRE(tokens.size() == 3);
    for (std::size_t i = 0; i < tokens.size(); ++i) CHECK(tokens[i].position == i + 1);
}

TEST_CASE("invalid UTF-8 bytes separate words instead of failing", "[analyzer][robustness]") {
    sasae::Analyzer a;
    std::string text = std::string("EC2") + "\xff\xfe" + "起動";
    CHECK(main_terms(a.analyze(text)) == "ec2 起動");
}

TEST_CASE("empty and separator-only input give no terms", "[analyzer][robustness]") {
    sasae::Analyzer a;
    CHECK(a.analyze("").empty());
    CHECK(a.analyze("、。・！？ -- ..").empty());
}

TEST_CASE("very long Japanese input without punctuation is analysed in chunks", "[analyzer][robustness]") {
    sasae::Analyzer a;
    std::string text;
    for (int i = 0; i < 5000; ++i) text += "障害";
    auto tokens = a.analyze(text);
    CHECK_FALSE(tokens.empty());
    CHECK(tokens.back().end <= text.size());
}

TEST_CASE("Japanese compounds of three or more characters get bigrams, short words do not", "[analyzer][bigrams]") {
    sasae::Analyzer a;
    const auto lb = only_token(a.analyze("ロードバランサー"));
    CHECK(sasae::wants_bigrams(lb));
    auto grams = sasae::character_bigrams(lb.term);
    CHECK(grams == std::vector<std::string>{"ロド", "ドバ", "バラ", "ラン", "ンサ"});
    CHECK_FALSE(sasae::wants_bigrams(only_token(a.analyze("障害"))));
    CHECK_FALSE(sasae::wants_bigrams(only_token(a.analyze("EC2"))));
}

TEST_CASE("analysis is deterministic: the same text twice gives the same tokens", "[analyzer]") {
    sasae::Analyzer a;
    std::string text = "RDS for MySQL で Too many connections エラー ap-northeast-1";
    auto first = a.analyze(text), second = a.analyze(text);
    REQUIRE(first.size() == second.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
        CHECK(first[i].term == second[i].term);
        CHECK(first[i].variants == second[i].variants);
    }
}

TEST_CASE("a word typed all in hiragana has a katakana spelling, anything else has none", "[analyzer][kana]") {
    CHECK(sasae::hiragana_as_katakana("いんすたんす") == "インスタンス");
    CHECK(sasae::hiragana_as_katakana("さーばー") == "サーバー");
    CHECK(sasae::hiragana_as_katakana("ゔぁ") == "ヴァ");
    CHECK(sasae::hiragana_as_katakana("インスタンス").empty());
    CHECK(sasae::hiragana_as_katakana("起動しない").empty());
    CHECK(sasae::hiragana_as_katakana("ec2").empty());
    CHECK(sasae::hiragana_as_katakana("ー").empty());
    CHECK(sasae::hiragana_as_katakana("").empty());
}

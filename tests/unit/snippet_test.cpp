// Snippets: the passage chosen, what is marked and what is not, over stored passages
// (core/passage.h) as the search service reads them. A snippet is cut two ways (from a passage
// the hit cache analysed beforehand, or by probing and checking a passage read past its budget)
// and every case here holds for both.
#include <catch2/catch.hpp>

#include "core/passage.h"
#include "server/passage_terms.h"
#include "server/snippet.h"
#include "server/snippet_probes.h"

namespace {

// The snippet of `text`, made both ways; they must agree.
std::string snippet(std::string_view text, const sasae::HighlightTerms& terms, const sasae::Analyzer& a) {
    const std::string probed = sasae::make_snippet(text, terms, a);
    const sasae::PreparedPassage analysed{std::string(text), sasae::PassageTerms(text, a)};
    CHECK(sasae::SnippetMaker(terms, a)(analysed) == probed);
    return probed;
}

// The terms a query marks, as the query builder collects them (term and stem of each word).
sasae::HighlightTerms typed(const sasae::Analyzer& a, std::string_view query) {
    sasae::HighlightTerms terms;
    for (const auto& t : a.analyze(query)) {
        terms[t.term] = 1.0;
        if (!t.stem.empty()) terms[t.stem] = 1.0;
    }
    return terms;
}

}  // namespace

TEST_CASE("snippets mark Japanese matches in the original text", "[snippet]") {
    sasae::Analyzer a;
    auto s = snippet("ＥＣ２インスタンスが起動できない。", {{"ec2", 1.0}, {"起動", 1.0}}, a);
    CHECK(s == "<mark>ＥＣ２</mark>インスタンスが<mark>起動</mark>できない。");
}

TEST_CASE("snippets mark English words through their stems", "[snippet]") {
    sasae::Analyzer a;
    CHECK(snippet("Two instances failed", {{"Zinstanc", 1.0}}, a) == "Two <mark>instances</mark> failed");
}

TEST_CASE("snippets mark identifiers whole", "[snippet]") {
    sasae::Analyzer a;
    CHECK(snippet("error: InsufficientInstanceCapacity.", {{"insufficientinstancecapacity", 1.0}}, a) ==
          "error: <mark>InsufficientInstanceCapacity</mark>.");
}

TEST_CASE("snippets escape HTML in the document text", "[snippet]") {
    sasae::Analyzer a;
    CHECK(snippet("<script>alert(1)</script> EC2", {{"ec2", 1.0}}, a) ==
          "&lt;script&gt;alert(1)&lt;/script&gt; <mark>EC2</mark>");
}

TEST_CASE("snippets pick the passage with the matches in a long text", "[snippet]") {
    sasae::Analyzer a;
    std::string text(2000, 'x');
    text += " the VPN tunnel went DOWN ";
    text += std::string(2000, 'y');
    auto s = snippet(text, {{"vpn", 1.0}, {"down", 1.0}}, a);
    CHECK_THAT(s, Catch::Contains("<mark>VPN</mark> tunnel went <mark>DOWN</mark>"));
    CHECK(s.size() < 500);
}

TEST_CASE("snippets find katakana variants past skipped chunks of a long text", "[snippet]") {
    sasae::Analyzer a;
    std::string text;
    for (int i = 0; i < 40; ++i) text += "関係のない段落です。ネットワークの話ではありません。\n";
    text += "本番のサーバーに接続できない。\n";
    auto term = a.analyze("サーバ").front().term;  // the folded term, as a query has it
    auto s = snippet(text, {{term, 1.0}}, a);
    CHECK_THAT(s, Catch::Contains("<mark>サーバー</mark>"));
}

TEST_CASE("the stored passage is NFKC: full-width text reads, and is marked, in its normal form", "[snippet][passage]") {
    sasae::Analyzer a;
    auto s = snippet(sasae::make_passage("ＥＣ２インスタンスが起動できない。", ""), {{"ec2", 1.0}, {"起動", 1.0}}, a);
    CHECK(s == "<mark>EC2</mark>インスタンスが<mark>起動</mark>できない。");
}

TEST_CASE("the stored passage is prose then code, cut at a line end within its size limit", "[snippet][passage]") {
    std::string prose;
    for (int i = 0; prose.size() < 2 * sasae::kMaxPassageBytes; ++i) prose += "行 " + std::to_string(i) + " のテキストです。\n";
    CHECK(sasae::make_passage("本文", "aws ec2 describe-instances") == "本文\naws ec2 describe-instances");
    const std::string p = sasae::make_passage(prose, "code");
    CHECK(p.size() <= sasae::kMaxPassageBytes);
    CHECK(p.size() > sasae::kMaxPassageBytes / 2);
    CHECK(prose.compare(0, p.size() + 1, p + "\n") == 0);  // whole lines only
}

TEST_CASE("a word sharing the first letters of a term is not marked (install is not instance)", "[snippet]") {
    sasae::Analyzer a;
    std::string text = "Install the agent before anything else.\n";
    text += std::string(1500, 'x') + "\nTwo instances failed to start.\n";
    auto s = snippet(text, typed(a, "instances"), a);
    CHECK_THAT(s, Catch::Contains("Two <mark>instances</mark> failed"));
    CHECK_THAT(s, !Catch::Contains("<mark>Install"));
}

TEST_CASE("part of an identifier, typed alone, marks the identifier it belongs to", "[snippet]") {
    sasae::Analyzer a;
    CHECK(snippet("error: InsufficientInstanceCapacity.", typed(a, "capacity"), a) ==
          "error: <mark>InsufficientInstanceCapacity</mark>.");
}

TEST_CASE("an inflected Japanese word is marked through its base form", "[snippet]") {
    sasae::Analyzer a;
    auto s = snippet("再起動してもインスタンスが止まらない。", typed(a, "止まる"), a);
    CHECK(s == "再起動してもインスタンスが<mark>止まら</mark>ない。");
}

TEST_CASE("a term inside a longer Japanese word is not marked (京都 in 東京都)", "[snippet]") {
    sasae::Analyzer a;
    CHECK(snippet("東京都のデータセンター", typed(a, "京都"), a) == "東京都のデータセンター");
}

TEST_CASE("without a query term the snippet is the passage's opening", "[snippet]") {
    sasae::Analyzer a;
    std::string text(1000, 'a');
    auto s = snippet(text, {}, a);
    CHECK(s.rfind("aaa", 0) == 0);
    CHECK(s.size() < 400);
}

TEST_CASE("broken UTF-8 in the text neither stops the snippet nor moves its marks", "[snippet][errors]") {
    sasae::Analyzer a;
    auto s = snippet("\xE3\x82 cut \xE3\x83 EC2 \xFF", {{"ec2", 1.0}}, a);
    CHECK_THAT(s, Catch::Contains("<mark>EC2</mark>"));
}

TEST_CASE("matches in several clauses of one passage are all marked", "[snippet]") {
    sasae::Analyzer a;
    auto s = snippet("ログを確認した。インスタンスが停止した、その後、再起動してもインスタンスが止まらない。",
                                 typed(a, "インスタンス 止まる"), a);
    CHECK(s == "ログを確認した。<mark>インスタンス</mark>が停止した、その後、再起動しても<mark>インスタンス</mark>が<mark>止まら</mark>ない。");
}

TEST_CASE("a word at a line start is analysed whole when only its clause is read", "[snippet]") {
    sasae::Analyzer a;
    auto s = snippet("See also:\nPutBucketWebsite in the API Reference", typed(a, "website"), a);
    CHECK_THAT(s, Catch::Contains("<mark>PutBucketWebsite</mark>"));
}

TEST_CASE("an English word is checked on its own, with the same marks as in its line", "[snippet]") {
    sasae::Analyzer a;
    // Each probe hit is analysed as the blank-delimited word it is in: identifiers, ARNs and
    // regions keep their shape (the ARN holds the region, so it is marked whole), and words that
    // merely share a prefix (Install, instantly) stay unmarked.
    auto s = snippet(
        "Install the agent, then the instances in ap-northeast-1 (arn:aws:ec2:ap-northeast-1:123456789012:instance/i-0abc) "
        "report InsufficientInstanceCapacity; instantly retry.",
        typed(a, "instances capacity ap-northeast-1"), a);
    CHECK(s ==
          "Install the agent, then the <mark>instances</mark> in <mark>ap-northeast-1</mark> "
          "(<mark>arn:aws:ec2:ap-northeast-1:123456789012:instance/i-0abc</mark>) report "
          "<mark>InsufficientInstanceCapacity</mark>; instantly retry.");
}

TEST_CASE("a word next to Japanese is checked with its clause", "[snippet]") {
    sasae::Analyzer a;
    auto s = snippet("EC2インスタンスが起動しない。Install the agent.", typed(a, "ec2 インスタンス"), a);
    CHECK(s == "<mark>EC2</mark><mark>インスタンス</mark>が起動しない。Install the agent.");
}

TEST_CASE("probes: the prefix every spelling of a term starts with", "[snippet][probe]") {
    struct Row {
        const char* term;
        const char* probe;
    };
    const Row rows[] = {
        {"Zpolici", "polic"},      // policy / policies: the stem minus its last letter
        {"Zinstanc", "instan"},
        {"Zec2", "ec2"},           // too short to trim
        {"ec2", "ec2"},
        {"止まる", "止ま"},          // inflected base form: its hiragana ending goes
        {"起動", "起動"},
        {"サーバー", "サバ"},        // katakana in the probe form: no ー
        {"ウェブ", "ウエブ"},        // small vowels full-size
    };
    for (const auto& r : rows) {
        INFO(r.term);
        CHECK(sasae::probe_for(r.term) == r.probe);
    }
}

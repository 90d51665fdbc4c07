#include "server/draft_terms.h"

#include <algorithm>
#include <array>
#include <set>

#include "core/normalizer.h"
#include "core/utf8.h"

namespace sasae {
namespace {

constexpr double kTitleWeight = 3.0;
constexpr double kCodeLineWeight = 0.5;   // pasted output: mostly keys, ids and timestamps
constexpr double kErrorLineWeight = 2.0;  // ... but its error lines name the problem
constexpr double kIdentifierBoost = 2.5;
constexpr double kNumberBoost = 1.5;
constexpr double kPredicateBoost = 0.5;
// Identifiers shorter than this (1a, t3, v2) are fragments: they get no identifier boost.
constexpr std::size_t kTellingIdentifierBytes = 4;

bool worth_suggesting(const Token& t) {
    if (t.kind == TokenKind::Word) return t.term.size() >= 3 && !is_english_stopword(t.term);
    if (t.kind == TokenKind::Number) {
        // HTTP status codes and long numbers (account IDs, ports) matter; "1" or "10" do not.
        return t.term.size() >= 4 || (t.term.size() == 3 && t.term[0] >= '1' && t.term[0] <= '5');
    }
    if (t.kind == TokenKind::Japanese) return utf8::length(t.term) >= 2;
    return true;
}

double boost_of(const Token& t) {
    switch (t.kind) {
        case TokenKind::Identifier: return t.term.size() >= kTellingIdentifierBytes ? kIdentifierBoost : 1.0;
        case TokenKind::Number: return kNumberBoost;
        case TokenKind::Japanese: return t.predicate ? kPredicateBoost : 1.0;
        case TokenKind::Word: return 1.0;
    }
    return 1.0;
}

void add_tokens(const Analyzer& analyzer, std::string_view text, double weight, DraftTerms& terms) {
    for (const auto& t : analyzer.analyze(text)) {
        if (!worth_suggesting(t) || is_letter_boilerplate(t.term)) continue;
        DraftTerm& d = terms[indexed_term(t)];
        if (d.display.empty()) d.display = std::string(text.substr(t.begin, t.end - t.begin));
        d.count += weight;
        d.boost = boost_of(t);
    }
}

bool is_fence(std::string_view line) {
    std::size_t i = line.find_first_not_of(' ');
    if (i == std::string_view::npos || i > 3) return false;
    return line.compare(i, 3, "```") == 0 || line.compare(i, 3, "~~~") == 0;
}

}  // namespace

bool is_letter_boilerplate(const std::string& term) {
    // Analysed forms (base forms, katakana folded, English folded and stemmed).
    static const std::set<std::string> kBoilerplate = {
        // greetings and politeness
        "世話", "願い", "教える", "教示", "恐れ入る", "恐縮", "幸い", "助かる", "存じる", "申し訳", "失礼",
        "宜しく", "何卒", "皆様", "様", "いつも", "大変", "至急", "早急", "急ぎ",
        // the letter's own frame
        "問い合わせ", "問合せ", "質問", "回答", "相談", "連絡", "共有", "添付", "抜粋", "記載", "以下", "上記",
        "下記", "件", "本件", "弊社", "御社", "貴社", "当社", "担当", "担当者", "お客様", "顧客",
        // what every case asks
        "確認", "原因", "対応", "対処", "方法", "手順", "状況", "現在", "可能", "必要", "認識", "理解", "想定",
        "調査", "切り分け", "事象", "詳細", "内容", "情報", "結果", "今回", "本日", "先日", "昨日", "今朝",
        "先週", "先月", "見解", "推奨", "支障", "ご覧", "次第", "具体",
        // English letters
        "please", "Zplease", "thank", "Zthank", "thanks", "regards", "Zregard", "hello", "dear", "kindly",
        "Zkind", "appreciate", "Zappreci", "advise", "Zadvis", "advice", "question", "Zquestion", "issue",
        "Zissu", "help", "Zhelp", "team", "Zteam", "could", "would", "Zwould", "let", "know", "Zknow"};
    return kBoilerplate.count(term) > 0;
}

bool is_error_line(std::string_view line) {
    static constexpr std::array<std::string_view, 17> kSignals = {
        "error", "exception", "denied", "failed", "failure", "fatal", "timed out", "refused", "invalid",
        "unauthorized", "forbidden", "exceeded", "not authorized", "traceback", "エラー", "失敗", "拒否"};
    const std::string folded = fold_case(line);
    return std::any_of(kSignals.begin(), kSignals.end(),
                       [&](std::string_view s) { return folded.find(s) != std::string::npos; });
}

DraftTerms draft_terms(const Analyzer& analyzer, std::string_view title, std::string_view body) {
    DraftTerms terms;
    add_tokens(analyzer, title, kTitleWeight, terms);
    // Line by line, so that a fenced block's output and an error line weigh what they say.
    bool in_code = false;
    for (std::size_t start = 0; start < body.size();) {
        std::size_t end = body.find('\n', start);
        if (end == std::string_view::npos) end = body.size();
        const std::string_view line = body.substr(start, end - start);
        start = end + 1;
        if (is_fence(line)) {
            in_code = !in_code;
            continue;
        }
        double weight = in_code ? kCodeLineWeight : 1.0;
        if (is_error_line(line)) weight *= kErrorLineWeight;
        add_tokens(analyzer, line, weight, terms);
    }
    return terms;
}

}  // namespace sasae

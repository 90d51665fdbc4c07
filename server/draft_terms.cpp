#include "server/draft_terms.h"

#include <algorithm>
#include <array>
#include <unordered_set>

#include "core/normalizer.h"
#include "core/utf8.h"

namespace sasae {
namespace {

// A word every support letter has (お世話, 願い, 教える, 原因, 確認, please): it says nothing
// about the problem, however rare it is in the documentation.
bool is_letter_boilerplate(const std::string& term);

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
    // Digits with separators are times, dates, addresses and versions (10:15, 2026-12-04,
    // 203.0.113.25, 3.11): every log line has some, none names a problem.
    const bool separated_digits = std::none_of(t.term.begin(), t.term.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
    }) && !std::all_of(t.term.begin(), t.term.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (separated_digits) return false;
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

void add_synonym_keys(const std::vector<Token>& tokens, const Synonyms& synonyms, double weight,
                      std::map<std::string, double>& keys) {
    for (std::size_t first = 0; first < tokens.size(); ++first) {
        if (!synonyms.starts_a_key(tokens[first].term)) continue;
        std::string key;
        for (std::size_t last = first; last < tokens.size() && last < first + Synonyms::kMaxKeyWords; ++last) {
            key += (key.empty() ? "" : " ") + tokens[last].term;
            if (synonyms.group_of(key)) keys[key] += weight;
        }
    }
}

void add_text(const Analyzer& analyzer, const Synonyms* synonyms, std::string_view text, double weight, DraftWords& out) {
    const auto tokens = analyzer.analyze(text);
    for (const auto& t : tokens) {
        if (!worth_suggesting(t) || is_letter_boilerplate(t.term)) continue;
        DraftTerm& d = out.terms[indexed_term(t)];
        if (d.display.empty()) d.display = std::string(text.substr(t.begin, t.end - t.begin));
        d.count += weight;
        d.boost = boost_of(t);
    }
    if (synonyms && !synonyms->empty()) add_synonym_keys(tokens, *synonyms, weight, out.synonym_keys);
}

bool is_fence(std::string_view line) {
    std::size_t i = line.find_first_not_of(' ');
    if (i == std::string_view::npos || i > 3) return false;
    return line.compare(i, 3, "```") == 0 || line.compare(i, 3, "~~~") == 0;
}

}  // namespace

namespace {

bool is_letter_boilerplate(const std::string& term) {
    // Analysed forms: Token::term (base forms, katakana folded, English lower-cased, not stemmed).
    static const std::unordered_set<std::string> kBoilerplate = {
        // greetings and politeness
        "世話", "お世話", "願い", "お願い", "教える", "教示", "恐れ入る", "恐縮", "幸い", "助かる", "存じる", "申し訳", "失礼",
        "宜しく", "何卒", "皆様", "様", "いつも", "大変", "至急", "早急", "急ぎ",
        // the letter's own frame
        "問い合わせ", "問合せ", "質問", "回答", "相談", "連絡", "共有", "添付", "抜粋", "記載", "以下", "上記",
        "下記", "件", "本件", "弊社", "御社", "貴社", "当社", "株式会社", "有限会社", "担当", "担当者", "お客様",
        "顧客", "いただける", "頂く", "頂ける",
        // what every case asks
        "確認", "原因", "対応", "対処", "方法", "手順", "状況", "現在", "可能", "必要", "認識", "理解", "想定",
        "調査", "切り分け", "事象", "詳細", "内容", "情報", "結果", "今回", "本日", "先日", "昨日", "今朝",
        "先週", "先月", "見解", "推奨", "支障", "ご覧", "次第", "具体",
        // who and when, around the problem
        "上司", "上長", "社内", "部門", "部署", "チーム", "関係者", "報告", "希望", "目安", "判断", "今後", "方針",
        "起票", "余談", "予定", "都合", "検討", "会議", "同日", "昨晩", "深夜", "夜中", "午前", "午後", "毎回",
        "先ほど", "明日",
        // English letters, and the function words a search box never gets but a letter is full of
        "please", "thank", "thanks", "regards", "hello", "dear", "kindly", "appreciate", "appreciated", "advise",
        "advice", "question", "questions", "issue", "issues", "help", "team", "could", "would", "should", "let",
        "know", "our", "ours", "we", "us", "you", "your", "they", "them", "their", "he", "she", "his", "her",
        "its", "me", "mine", "have", "has", "had", "having", "been", "being", "were", "am", "but", "if", "then",
        "than", "so", "only", "also", "just", "very", "too", "still", "even", "because", "since", "while",
        "again", "same", "other", "others", "more", "most", "much", "many", "some", "any", "anything",
        "something", "nothing", "everything", "all", "each", "every", "both", "few", "there", "here", "these",
        "those", "that", "which", "who", "whom", "whose", "where", "about", "above", "after", "before", "into",
        "onto", "over", "under", "further", "once", "now", "today", "yesterday", "tomorrow", "ago",
        "almost", "already", "always", "never", "often", "sometimes", "really", "actually", "think", "thought",
        "seem", "seems", "seemed", "look", "looks", "looked", "like", "get", "gets", "got", "getting", "go",
        "goes", "going", "went", "come", "comes", "came", "make", "makes", "made", "take", "takes", "took",
        "see", "saw", "seen", "tell", "tells", "told", "say", "says", "said", "want", "wanted", "need",
        "needed", "try", "tried", "trying", "lot", "lots", "big", "bigger", "small", "unrelated", "normal",
        "normally", "real", "thing", "things", "way", "ways", "yes", "no", "ok", "okay", "hi"};
    return kBoilerplate.count(term) > 0;
}

}  // namespace

bool is_error_line(std::string_view line) {
    static constexpr std::array<std::string_view, 17> kSignals = {
        "error", "exception", "denied", "failed", "failure", "fatal", "timed out", "refused", "invalid",
        "unauthorized", "forbidden", "exceeded", "not authorized", "traceback", "エラー", "失敗", "拒否"};
    // The signals are lower-case ASCII or Japanese: lower-casing ASCII is all the folding needed.
    const std::string folded = lower_ascii(line);
    return std::any_of(kSignals.begin(), kSignals.end(),
                       [&](std::string_view s) { return folded.find(s) != std::string::npos; });
}

DraftWords read_draft(const Analyzer& analyzer, const Synonyms* synonyms, std::string_view title, std::string_view body) {
    DraftWords words;
    add_text(analyzer, synonyms, title, kTitleWeight, words);
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
        add_text(analyzer, synonyms, line, weight, words);
    }
    return words;
}

}  // namespace sasae

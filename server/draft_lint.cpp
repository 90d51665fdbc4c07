#include "server/draft_lint.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>
#include <string_view>

#include "core/normalizer.h"
#include "core/region_codes.h"
#include "core/resource_ids.h"
#include "core/secrets.h"
#include "core/utf8.h"

namespace sasae {
namespace {

struct Span {
    std::size_t begin, end;  // bytes
};

// Byte offset -> UTF-16 code units, for the browser's selection APIs.
long utf16_offset(std::string_view text, std::size_t byte_offset) {
    long units = 0;
    for (std::size_t i = 0; i < byte_offset && i < text.size();) {
        char32_t cp;
        int n = utf8::decode(text, i, cp);
        if (n < 0) { ++i; ++units; continue; }
        units += cp >= 0x10000 ? 2 : 1;
        i += static_cast<std::size_t>(n);
    }
    return units;
}

// First occurrence of any phrase (ASCII matched case-insensitively).
std::optional<Span> find_any(std::string_view text, const std::vector<std::string_view>& phrases) {
    std::string lower = lower_ascii(text);
    std::optional<Span> best;
    for (auto phrase : phrases) {
        auto pos = lower.find(lower_ascii(phrase));
        if (pos != std::string::npos && (!best || pos < best->begin)) best = Span{pos, pos + phrase.size()};
    }
    return best;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

// ASCII "words" (runs of [A-Za-z0-9_-:/.]) with their spans: identifiers live there.
std::vector<Span> ascii_words(std::string_view text) {
    std::vector<Span> words;
    std::size_t i = 0;
    auto inside = [](char c) { return is_word_char(c) || c == ':' || c == '/' || c == '.' || c == '+' || c == '='; };
    while (i < text.size()) {
        if (!inside(text[i])) { ++i; continue; }
        std::size_t start = i;
        while (i < text.size() && inside(text[i])) ++i;
        std::size_t end = i;
        while (end > start && (text[end - 1] == '.' || text[end - 1] == ':' || text[end - 1] == '/')) --end;
        if (end > start) words.push_back({start, end});
    }
    return words;
}

bool is_resource_id(std::string_view w) {
    if (w.rfind("arn:", 0) == 0) return true;
    for (auto p : kResourceIdPrefixes) {
        if (w.size() > p.size() + 7 && w.substr(0, p.size()) == p) {
            std::string_view rest = w.substr(p.size());
            if (std::all_of(rest.begin(), rest.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
                return true;
        }
    }
    // Load balancers and RDS instances are named; their DNS names identify them.
    return w.find(".elb.amazonaws.com") != std::string_view::npos ||
           w.find(".rds.amazonaws.com") != std::string_view::npos;
}

// 12-digit AWS account IDs, alone or inside ARNs.
std::set<std::string> account_ids(std::string_view text) {
    std::set<std::string> ids;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) { ++i; continue; }
        std::size_t start = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
        bool bounded = (start == 0 || !std::isalnum(static_cast<unsigned char>(text[start - 1]))) &&
                       (i == text.size() || !std::isalnum(static_cast<unsigned char>(text[i])));
        if (i - start == 12 && bounded) ids.insert(std::string(text.substr(start, 12)));
    }
    return ids;
}

// A clock time: 10:30, 10時30分, 10時, 午前/午後.
std::optional<Span> find_time(std::string_view text) {
    for (std::size_t i = 0; i + 4 < text.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) continue;
        std::size_t j = i;
        while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
        if (j - i > 2) { i = j; continue; }
        if (j + 2 < text.size() && text[j] == ':' && std::isdigit(static_cast<unsigned char>(text[j + 1])) &&
            std::isdigit(static_cast<unsigned char>(text[j + 2])))
            return Span{i, j + 3};
        if (text.substr(j, 3) == "時") return Span{i, j + 3};
        i = j;
    }
    return find_any(text, {"午前", "午後", "深夜", "未明", "昼頃", "夕方"});
}

const std::vector<std::string_view> kUrgencyWords = {"【緊急】", "緊急", "大至急", "至急", "早急", "ASAP", "今すぐ",
                                                     "時間以内に回答", "時間以内にご回答", "すぐに回答", "急ぎで"};
const std::vector<std::string_view> kRegionWords = {"東京リージョン", "大阪リージョン", "バージニア", "オレゴン",
                                                    "シンガポールリージョン", "フランクフルト", "アイルランド"};
const std::vector<std::string_view> kTimeZones = {"JST", "UTC", "GMT", "日本時間", "協定世界時", "+09:00", "+0900",
                                                  "PST", "PDT", "EST", "EDT"};
const std::vector<std::string_view> kReproWords = {"再現", "手順", "切り分け", "試した", "試しました", "試行",
                                                   "実施しました", "実施した", "確認しました", "確認した", "検証"};
const std::vector<std::string_view> kScreenshotWords = {"スクリーンショット", "スクショ", "キャプチャ", "画面ショット",
                                                       "添付画像", "画像を添付", "画像の通り", "screenshot"};
const std::vector<std::string_view> kOutcomeWords = {"知りたい", "教えて", "ご教示", "ご回答", "回答をお願い",
                                                     "原因を", "対処方法", "解決方法", "解決したい", "ご確認いただけ",
                                                     "希望", "いただけますか", "いただけないでしょうか", "お願いします",
                                                     "お願いいたします", "ください"};

// What a check found: where (a field and a byte span in it, or nothing for something missing)
// and what, for the message's "{}" (a word, a count).
struct LintHit {
    std::string field;
    std::optional<Span> span;
    std::string detail;
};

struct Draft {
    const std::string& title;
    const std::string& body;
    std::string all;  // title, a newline, body

    const std::string& field(const std::string& name) const { return name == "title" ? title : body; }
    // The field and span in it of a span of `all`.
    LintHit locate(Span s) const {
        if (s.begin < title.size()) return {"title", s, {}};
        return {"body", Span{s.begin - title.size() - 1, s.end - title.size() - 1}, {}};
    }
};

using Hits = std::vector<LintHit>;

Hits missing() { return {LintHit{}}; }

template <typename Fn>
void for_each_field(const Draft& d, Fn&& fn) {
    for (const char* field : {"title", "body"}) fn(std::string(field), d.field(field));
}

// True when some ASCII word of the draft passes `test`.
bool any_word(const Draft& d, bool (*test)(std::string_view)) {
    for (const auto& w : ascii_words(d.all))
        if (test(std::string_view(d.all).substr(w.begin, w.end - w.begin))) return true;
    return false;
}

Hits urgency_words(const Draft& d) {
    Hits hits;
    for_each_field(d, [&](const std::string& field, const std::string& text) {
        if (auto s = find_any(text, kUrgencyWords)) hits.push_back({field, s, text.substr(s->begin, s->end - s->begin)});
    });
    return hits;
}

Hits no_region(const Draft& d) { return any_word(d, is_region_code) || find_any(d.all, kRegionWords) ? Hits{} : missing(); }

Hits no_resource(const Draft& d) { return any_word(d, is_resource_id) ? Hits{} : missing(); }

Hits no_time(const Draft& d) { return find_time(d.all) ? Hits{} : missing(); }

Hits time_without_zone(const Draft& d) {
    auto time = find_time(d.all);
    if (!time || find_any(d.all, kTimeZones)) return {};
    return {d.locate(*time)};
}

Hits no_reproduction(const Draft& d) { return find_any(d.all, kReproWords) ? Hits{} : missing(); }

Hits no_desired_outcome(const Draft& d) { return find_any(d.all, kOutcomeWords) ? Hits{} : missing(); }

// A screenshot named, and no text pasted (no fenced block): the error is only in the image.
Hits screenshot_only(const Draft& d) {
    if (d.body.find("```") != std::string::npos || d.body.find("~~~") != std::string::npos) return {};
    Hits hits;
    for_each_field(d, [&](const std::string& field, const std::string& text) {
        if (hits.empty())
            if (auto s = find_any(text, kScreenshotWords)) hits.push_back({field, s, text.substr(s->begin, s->end - s->begin)});
    });
    return hits;
}

Hits multiple_accounts(const Draft& d) {
    const auto accounts = account_ids(d.all);
    if (accounts.size() < 2) return {};
    return {LintHit{"", std::nullopt, std::to_string(accounts.size())}};
}

Hits secrets(const Draft& d) {
    Hits hits;
    for_each_field(d, [&](const std::string& field, const std::string& text) {
        for (const auto& s : find_secrets(text)) hits.push_back({field, Span{s.begin, s.end}, {}});
    });
    return hits;
}

struct Rule {
    LintRule meta;
    Hits (*check)(const Draft&);
};

// The checks, in the order findings are listed. A rule of the page's checklist (checklist not
// empty) counts as done there when it finds nothing.
const std::vector<Rule>& rules() {
    static const std::vector<Rule> kRules = {
        {{"urgency-words", "warning", "",
          "「{}」のような言葉では回答は早まりません。初回応答時間は重要度 (severity) とサポートプランで決まるので、"
          "影響に合った重要度を選んでください。"},
         urgency_words},
        {{"no-region", "info", "リージョン",
          "リージョンが書かれていません。発生したリージョン (例: ap-northeast-1 / 東京リージョン) を書くと調査が早く始まります。"},
         no_region},
        {{"no-resource", "info", "リソース ID",
          "対象リソースの ID がありません。インスタンス ID (i-…)、ボリューム、VPC、ロードバランサー、ARN などを書いてください。"},
         no_resource},
        {{"no-time", "info", "発生日時とタイムゾーン",
          "発生日時が書かれていません。いつ起きたか (日時とタイムゾーン) を書いてください。"},
         no_time},
        {{"time-without-zone", "info", "発生日時とタイムゾーン",
          "時刻にタイムゾーンがありません。JST / UTC などを添えると、ログとの突き合わせが正確になります。"},
         time_without_zone},
        {{"no-reproduction", "info", "再現手順・切り分け",
          "再現手順やすでに試した切り分けが書かれていません。実施した確認とその結果を書くと、同じ確認の往復が減ります。"},
         no_reproduction},
        {{"no-desired-outcome", "info", "求める回答",
          "何をしてほしいか (原因の特定、回避策、設定の確認など) が書かれていません。期待する回答を一文で書いてください。"},
         no_desired_outcome},
        {{"screenshot-only", "info", "",
          "「{}」の内容は文字でも貼り付けてください。エラーメッセージやログが文字なら、検索やコピーができ、"
          "画像を開けない環境でも読めます。"},
         screenshot_only},
        {{"multiple-accounts", "warning", "",
          "AWS アカウント ID が {} 個あります。サポートはケースを起票したアカウントしか確認できないため、"
          "アカウントごとにケースを起票してください。"},
         multiple_accounts},
        {{"secret", "warning", "",
          "アクセスキーや秘密鍵のような文字列があります。ケースは他の人にも共有されるので、削除して鍵をローテーションしてください。"},
         secrets},
    };
    return kRules;
}

LintFinding finding_of(const LintRule& rule, const Draft& d, const LintHit& hit) {
    LintFinding f{rule.id, rule.level, rule.message, hit.field, -1, -1};
    if (auto at = f.message.find("{}"); at != std::string::npos) f.message.replace(at, 2, hit.detail);
    if (hit.span) {
        const std::string& text = d.field(hit.field);
        f.start = utf16_offset(text, hit.span->begin);
        f.end = utf16_offset(text, hit.span->end);
    }
    return f;
}

}  // namespace

std::vector<LintRule> lint_rules() {
    std::vector<LintRule> out;
    for (const auto& r : rules()) out.push_back(r.meta);
    return out;
}

std::vector<LintFinding> lint_draft(const std::string& title, const std::string& body) {
    std::vector<LintFinding> out;
    const Draft draft{title, body, title + "\n" + body};
    if (draft.all.find_first_not_of(" \t\r\n") == std::string::npos) return out;
    for (const auto& rule : rules())
        for (const auto& hit : rule.check(draft)) out.push_back(finding_of(rule.meta, draft, hit));
    return out;
}

}  // namespace sasae

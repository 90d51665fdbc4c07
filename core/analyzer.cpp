#include "core/analyzer.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <utf8proc.h>

#include "core/mecab_tokenizer.h"
#include "core/normalizer.h"
#include "core/technical_tokens.h"
#include "core/utf8.h"

namespace sasae {
namespace {

enum class CharClass { Separator, Japanese, Word, Connector };

bool is_japanese(char32_t cp) {
    return (cp >= 0x3041 && cp <= 0x309F) || (cp >= 0x30A1 && cp <= 0x30FA) || (cp >= 0x30FC && cp <= 0x30FF) ||
           (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF) || cp == 0x3005 || cp == 0x3006;
}

bool is_katakana(char32_t cp) { return cp >= 0x30A1 && cp <= 0x30FF && cp != 0x30FB; }

CharClass classify(char32_t cp) {
    if (cp < 0x80) {
        if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return CharClass::Word;
        return is_connector(cp) ? CharClass::Connector : CharClass::Separator;
    }
    if (is_japanese(cp)) return CharClass::Japanese;
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
        case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
        case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_MC:
            return CharClass::Word;
        default:
            return CharClass::Separator;
    }
}

// Parts of speech that carry no topic: particles, auxiliaries, symbols and the like.
bool dropped_pos(std::string_view pos, std::string_view detail) {
    static constexpr std::array<std::string_view, 9> kDroppedPos = {
        "助詞", "助動詞", "記号", "フィラー", "接続詞", "連体詞", "感動詞", "接頭詞", "副詞"};
    if (std::find(kDroppedPos.begin(), kDroppedPos.end(), pos) != kDroppedPos.end()) return true;
    if (detail == "非自立" || detail == "接尾") return true;
    if (pos == "名詞" && (detail == "代名詞" || detail == "数")) return true;
    return pos == "その他";
}

// Light verbs and fillers that follow almost every noun (起動しない / 起動できない / 起動する
// all come down to 起動).
bool stop_base_form(std::string_view base) {
    static constexpr std::array<std::string_view, 22> kStop = {
        "する", "できる", "ある", "いる", "なる", "れる", "られる", "せる", "させる", "くる",
        "いく", "おる", "ない", "よい", "いい", "みる", "しまう", "おく", "くださる", "いただく",
        "もらう", "やる"};
    return std::find(kStop.begin(), kStop.end(), base) != kStop.end();
}

bool all_katakana(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp;
        int n = utf8::decode(s, i, cp);
        if (n < 0 || !is_katakana(cp)) return false;
        i += static_cast<std::size_t>(n);
    }
    return !s.empty();
}

bool single_hiragana(std::string_view s) {
    char32_t cp;
    int n = utf8::decode(s, 0, cp);
    return n == static_cast<int>(s.size()) && cp >= 0x3041 && cp <= 0x309F;
}

class TokenSink {
public:
    TokenSink(const NormalizedText& norm, std::vector<Token>& out) : norm_(norm), out_(out) {}

    Token& add(std::size_t norm_begin, std::size_t norm_end, TokenKind kind) {
        Token t;
        t.position = ++position_;
        t.begin = norm_.to_input(norm_begin);
        t.end = norm_.to_input(norm_end);
        // The end of a normalized range maps to the start of the next input character; for an
        // expanded character (㍍ -> メートル) both ends map into it, so cover the whole char.
        if (t.end <= t.begin) t.end = norm_.to_input(std::min(norm_end + 1, norm_.text.size()));
        t.kind = kind;
        out_.push_back(std::move(t));
        return out_.back();
    }

private:
    const NormalizedText& norm_;
    std::vector<Token>& out_;
    std::uint32_t position_ = 0;
};

void add_unique(std::vector<std::string>& v, std::string s, const std::string& term) {
    if (s.empty() || s == term) return;
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

bool is_alpha_ascii(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

void emit_word(TokenSink& sink, std::string_view norm_text, std::size_t begin, std::size_t end) {
    TechnicalWord word = split_technical_word(norm_text.substr(begin, end - begin));
    if (word.whole.empty() && word.parts.empty()) return;
    TokenKind kind = word.shape == WordShape::Number      ? TokenKind::Number
                     : word.shape == WordShape::Identifier ? TokenKind::Identifier
                                                           : TokenKind::Word;
    Token& t = sink.add(begin, end, kind);
    if (word.whole.empty()) {
        // Too long to be a term of its own: the first part stands for it.
        t.term = word.parts.front();
        word.parts.erase(word.parts.begin());
    } else {
        t.term = std::move(word.whole);
    }
    if (kind == TokenKind::Word) t.stem = stem_term(t.term);
    for (auto& part : word.parts) {
        std::string part_stem = is_alpha_ascii(part) ? stem_term(part) : std::string();
        add_unique(t.variants, std::move(part), t.term);
        add_unique(t.variants, std::move(part_stem), t.term);
    }
}

void emit_japanese(TokenSink& sink, std::string_view run, std::size_t run_offset) {
    MecabTokenizer::shared().parse(run, [&](const Morpheme& m) {
        if (dropped_pos(m.pos, m.pos_detail)) return;
        bool inflected = (m.pos == "動詞" || m.pos == "形容詞") && !m.base.empty();
        std::string_view term = inflected ? m.base : m.surface;
        if (stop_base_form(term) || single_hiragana(term)) return;
        Token& t = sink.add(run_offset + m.offset, run_offset + m.offset + m.surface.size(), TokenKind::Japanese);
        t.term = fold_katakana_variants(std::string(term));
        t.predicate = inflected;
        if (inflected && m.surface != m.base && !single_hiragana(m.surface))
            add_unique(t.variants, std::string(m.surface), t.term);
    });
}

}  // namespace

std::string stem_term(std::string_view folded_word) {
    if (folded_word.size() < 3 || !is_alpha_ascii(folded_word)) return {};
    // Snowball is slow next to a hash lookup, and text repeats its words: each thread keeps
    // the stems it has made (bounded; a new vocabulary simply starts the cache again).
    thread_local Xapian::Stem stemmer("english");
    thread_local std::unordered_map<std::string, std::string> cache;
    constexpr std::size_t kMaxCached = 1 << 16;
    std::string word(folded_word);
    if (auto it = cache.find(word); it != cache.end()) return it->second;
    if (cache.size() >= kMaxCached) cache.clear();
    std::string stem = "Z" + stemmer(word);
    cache.emplace(std::move(word), stem);
    return stem;
}

bool is_english_stopword(const std::string& term) {
    static constexpr std::array<std::string_view, 32> kStop = {
        "a",   "an",   "and", "are", "as",   "at",   "be", "by",  "can",  "do",   "for",
        "from", "how", "i",   "in",  "is",   "it",   "my", "not", "of",   "on",   "or",
        "the", "this", "to",  "was", "what", "when", "why", "with", "will", "does"};
    return std::find(kStop.begin(), kStop.end(), term) != kStop.end();
}

bool is_katakana_word(std::string_view s) { return all_katakana(s); }

char32_t fold_katakana_mark(char32_t cp, bool drop_long_marks) {
    if (cp == 0x30FC && drop_long_marks) return 0;  // ー
    if (cp == kVu) return 0x30D6;                   // ヴ -> ブ (ヴァ and the like: fold_vu_syllable)
    // ァィゥェォ (odd code points 30A1..30A9) -> アイウエオ; ヵヶ stay.
    if (cp >= 0x30A1 && cp <= 0x30A9 && (cp & 1)) return cp + 1;
    return cp;
}

char32_t fold_vu_syllable(char32_t small_vowel) {
    switch (small_vowel) {
        case 0x30A1: return 0x30D0;  // ヴァ -> バ
        case 0x30A3: return 0x30D3;  // ヴィ -> ビ
        case 0x30A5: return 0x30D6;  // ヴゥ -> ブ
        case 0x30A7: return 0x30D9;  // ヴェ -> ベ
        case 0x30A9: return 0x30DC;  // ヴォ -> ボ
        default: return 0;
    }
}

namespace {

// The same foldings over any text: ヴ and ヴ with a small vowel become the バ row, small
// katakana vowels become full-size and, when `drop_long_marks`, every ー goes.
std::string fold_katakana_marks(std::string_view text, bool drop_long_marks) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        char32_t cp;
        int n = utf8::decode(text, i, cp);
        if (n < 0) {
            out.push_back(text[i++]);
            continue;
        }
        i += static_cast<std::size_t>(n);
        if (cp == kVu) {
            char32_t next;
            if (i < text.size() && utf8::decode(text, i, next) == 3) {
                if (char32_t b = fold_vu_syllable(next)) {
                    utf8::append(out, b);
                    i += 3;
                    continue;
                }
            }
        }
        if (char32_t folded = fold_katakana_mark(cp, drop_long_marks)) utf8::append(out, folded);
    }
    return out;
}

}  // namespace

std::string fold_katakana_variants(std::string term) {
    if (!all_katakana(term)) return term;
    // ー is dropped when at least two other characters remain, so キー stays キー.
    std::size_t others = 0;
    for (std::size_t i = 0; i < term.size(); i += 3) others += term.compare(i, 3, "\xE3\x83\xBC") != 0;
    return fold_katakana_marks(term, others >= 2);
}

std::string hiragana_as_katakana(std::string_view word) {
    std::string out;
    bool any_kana = false;
    for (std::size_t i = 0; i < word.size();) {
        char32_t cp;
        int n = utf8::decode(word, i, cp);
        if (n < 0) return {};
        i += static_cast<std::size_t>(n);
        if (cp >= 0x3041 && cp <= 0x3096) {
            utf8::append(out, cp + 0x60);
            any_kana = true;
        } else if (cp == 0x30FC) {
            utf8::append(out, cp);
        } else {
            return {};
        }
    }
    return any_kana ? out : std::string();
}

bool wants_bigrams(const Token& token) {
    if (token.kind != TokenKind::Japanese || utf8::length(token.term) < 3) return false;
    // Hiragana-only words are whole words already, not compounds of unknown parts.
    for (std::size_t i = 0; i < token.term.size();) {
        char32_t cp;
        int n = utf8::decode(token.term, i, cp);
        if (n < 0) return false;
        if (cp >= 0x30A1) return true;
        i += static_cast<std::size_t>(n);
    }
    return false;
}

std::vector<KatakanaCompound> katakana_compounds(const std::vector<Token>& tokens) {
    std::vector<KatakanaCompound> out;
    for (std::size_t i = 0; i < tokens.size();) {
        if (tokens[i].kind != TokenKind::Japanese || !all_katakana(tokens[i].term)) {
            ++i;
            continue;
        }
        KatakanaCompound c{i, i + 1, tokens[i].term};
        while (c.last < tokens.size() && tokens[c.last].kind == TokenKind::Japanese &&
               tokens[c.last].begin == tokens[c.last - 1].end && all_katakana(tokens[c.last].term)) {
            c.joined += tokens[c.last].term;
            ++c.last;
        }
        i = c.last;
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<std::string> character_bigrams(std::string_view term) {
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < term.size();) {
        starts.push_back(i);
        char32_t cp;
        int n = utf8::decode(term, i, cp);
        i += n > 0 ? static_cast<std::size_t>(n) : 1;
    }
    starts.push_back(term.size());
    std::vector<std::string> grams;
    for (std::size_t k = 0; k + 2 < starts.size(); ++k) {
        std::string gram(term.substr(starts[k], starts[k + 2] - starts[k]));
        if (std::find(grams.begin(), grams.end(), gram) == grams.end()) grams.push_back(std::move(gram));
    }
    return grams;
}

std::vector<Token> Analyzer::analyze(std::string_view text, Scripts scripts) const {
    NormalizedText norm = normalize(text);
    std::vector<Token> tokens;
    TokenSink sink(norm, tokens);
    const std::string_view s = norm.text;
    std::size_t i = 0;
    while (i < s.size()) {
        char32_t cp;
        int n = utf8::decode(s, i, cp);
        if (n < 0) { ++i; continue; }
        CharClass cls = classify(cp);
        if (cls == CharClass::Separator || cls == CharClass::Connector) {
            i += static_cast<std::size_t>(n);
            continue;
        }
        std::size_t start = i, end = i;
        std::size_t last_word_end = i;
        while (end < s.size()) {
            char32_t c;
            int m = utf8::decode(s, end, c);
            if (m < 0) break;
            CharClass k = classify(c);
            bool same_run = cls == CharClass::Japanese ? k == CharClass::Japanese
                                                       : (k == CharClass::Word || k == CharClass::Connector);
            if (!same_run) break;
            end += static_cast<std::size_t>(m);
            if (k != CharClass::Connector) last_word_end = end;
        }
        if (cls == CharClass::Japanese) {
            if (scripts == Scripts::All) emit_japanese(sink, s.substr(start, end - start), start);
        } else {
            emit_word(sink, s, start, last_word_end);
        }
        i = end;
    }
    return tokens;
}

}  // namespace sasae

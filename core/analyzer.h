#pragma once
// The one text analyser of sasae: the indexer and the query side both call it, so a string
// always turns into the same terms. Pipeline: NFKC (with offsets back to the input) ->
// script runs -> Japanese runs through MeCab, technical/English runs kept whole plus parts.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sasae {

enum class TokenKind : std::uint8_t {
    Word,        // an English (or other alphabetic) word: stemmed as well
    Identifier,  // ec2, ap-northeast-1, InsufficientInstanceCapacity, arn:aws:...
    Number,      // 403, 1.4.22, 10.0.0.0/16
    Japanese,    // a morpheme kept by the Japanese filter
};

struct Token {
    std::string term;                   // canonical term: folded, NFKC, base form for inflected words
    std::string stem;                   // "Z"+English stem for words and word parts, else empty
    std::vector<std::string> variants;  // more terms at this position: identifier parts (and their
                                        // stems), the surface form of an inflected Japanese word
    std::uint32_t position = 0;         // consecutive from 1; variants share their token's position
    std::uint32_t begin = 0, end = 0;   // byte range in the analysed input (for highlighting)
    TokenKind kind = TokenKind::Word;
    bool predicate = false;             // a Japanese verb or adjective (indexed by its base form):
                                        // 使える, 出る, 新しい say less about a topic than nouns
};

class Analyzer {
public:
    enum class Scripts {
        All,
        // Japanese runs are skipped (MeCab is not run): for a caller looking only for
        // non-Japanese terms, such as the snippet of an all-ASCII query. Positions then skip
        // the Japanese tokens too, so never index with it.
        NonJapanese,
    };
    // Never throws on bad input: invalid UTF-8 bytes act as separators.
    // Throws std::runtime_error only when MeCab cannot be loaded.
    std::vector<Token> analyze(std::string_view text, Scripts scripts = Scripts::All) const;
};

// The stem term Xapian-style ("Z" prefix) for an English word, or empty when not stemmable.
std::string stem_term(std::string_view folded_word);

// The term a token is indexed and searched by at its position: the stem for English words
// (so plurals and inflections meet), the term itself for everything else.
inline const std::string& indexed_term(const Token& t) {
    return t.kind == TokenKind::Word && !t.stem.empty() ? t.stem : t.term;
}

// Common English words that carry no topic in a keyword query ("how to", "in", "the"). They
// are indexed without positions (a third of English prose, so a much smaller position
// table), and phrase queries step over them.
bool is_english_stopword(const std::string& term);
inline bool is_stopword_token(const Token& t) { return t.kind == TokenKind::Word && is_english_stopword(t.term); }

// Katakana/kanji terms of three or more characters are also indexed as character bigrams,
// so a part of an unknown compound (バランサ in ロードバランサ) can still be found.
bool wants_bigrams(const Token& token);

// True when every character is katakana (ー included): such words get their bigrams through
// their compound (katakana_compounds), not one by one.
bool is_katakana_word(std::string_view s);
std::vector<std::string> character_bigrams(std::string_view term);

// Katakana words written together are one compound whatever MeCab made of them: ゲートウェイ is
// ゲート|ウェイ to the dictionary but ゲートウエイ is one unknown word. Each compound is the
// token range [first, last) of adjacent katakana tokens and their joined terms; its bigrams
// are indexed, and a query compound falls back to them.
struct KatakanaCompound {
    std::size_t first, last;
    std::string joined;
};
std::vector<KatakanaCompound> katakana_compounds(const std::vector<Token>& tokens);

// Katakana spelling variants meet: small vowels become full-size (ゲートウェイ = ゲートウエイ),
// the ヴ row becomes the バ row (ヴァージョン = バージョン, サーヴィス = サービス) and every ー goes
// when two other characters remain (サーバー = サーバ, マネージャー = マネジャー,
// インターフェース = インタフェース); キー keeps its ー.
std::string fold_katakana_variants(std::string term);

// The same for one code point (ヴ -> ブ); 0 when it goes. ヴ followed by a small vowel folds
// as one syllable: fold_vu_syllable gives the syllable for the small vowel, 0 when none.
char32_t fold_katakana_mark(char32_t cp, bool drop_long_marks);
char32_t fold_vu_syllable(char32_t small_vowel);
constexpr char32_t kVu = 0x30F4;  // ヴ

// The katakana spelling of a word typed all in hiragana (いんすたんす -> インスタンス, さーばー ->
// サーバー); empty when `word` holds anything but hiragana and ー. Not a folding: most hiragana
// words are Japanese words, so the query side offers it only where the index knows it.
std::string hiragana_as_katakana(std::string_view word);

}  // namespace sasae

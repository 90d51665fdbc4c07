#include "core/technical_tokens.h"

#include <algorithm>

#include "core/normalizer.h"

namespace sasae {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_connector_byte(char c) { return c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '@'; }

// "InsufficientInstanceCapacity" -> Insufficient|Instance|Capacity, "HTTPServer" -> HTTP|Server.
std::vector<std::string_view> camel_pieces(std::string_view s) {
    std::vector<std::string_view> pieces;
    std::size_t start = 0;
    for (std::size_t i = 1; i < s.size(); ++i) {
        bool lower_to_upper = is_lower_or_digit(s[i - 1]) && is_upper(s[i]);
        bool acronym_end = is_upper(s[i - 1]) && is_upper(s[i]) && i + 1 < s.size() &&
                           s[i + 1] >= 'a' && s[i + 1] <= 'z';
        if (lower_to_upper || acronym_end) {
            pieces.push_back(s.substr(start, i - start));
            start = i;
        }
    }
    pieces.push_back(s.substr(start));
    return pieces;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

bool worth_a_part(std::string_view piece) {
    if (piece.size() < 2) return false;
    // Short numbers inside versions, CIDRs and region names ("1" of ap-northeast-1) would
    // match everything; account IDs and similar long numbers are worth finding alone.
    if (all_digits(piece) && piece.size() < 4) return false;
    return true;
}

}  // namespace

bool is_connector(char32_t cp) {
    return cp < 0x80 && is_connector_byte(static_cast<char>(cp));
}

TechnicalWord split_technical_word(std::string_view word) {
    TechnicalWord out;
    bool has_connector = false, has_digit = false, has_alpha = false, has_non_ascii = false;
    for (char c : word) {
        if (is_connector_byte(c)) has_connector = true;
        else if (is_digit(c)) has_digit = true;
        else if (static_cast<unsigned char>(c) >= 0x80) has_non_ascii = true;
        else has_alpha = true;
    }
    if (!has_alpha && !has_non_ascii) out.shape = WordShape::Number;
    else if (has_connector || has_digit) out.shape = WordShape::Identifier;
    if (word.size() <= kMaxWholeTermBytes) out.whole = fold_case(word);

    std::vector<std::string_view> segments;
    if (out.shape != WordShape::Number) {
        std::size_t start = 0;
        for (std::size_t i = 0; i <= word.size(); ++i) {
            if (i == word.size() || is_connector_byte(word[i])) {
                if (i > start) segments.push_back(word.substr(start, i - start));
                start = i + 1;
            }
        }
    }
    auto add_part = [&](std::string_view piece) {
        if (!worth_a_part(piece) || piece.size() > kMaxWholeTermBytes) return;
        std::string folded = fold_case(piece);
        if (folded == out.whole) return;
        if (std::find(out.parts.begin(), out.parts.end(), folded) == out.parts.end())
            out.parts.push_back(std::move(folded));
    };
    for (auto segment : segments) {
        add_part(segment);
        auto pieces = camel_pieces(segment);
        if (pieces.size() > 1) {
            if (out.shape == WordShape::Plain) out.shape = WordShape::Identifier;
            for (auto piece : pieces) add_part(piece);
        }
    }
    return out;
}

}  // namespace sasae

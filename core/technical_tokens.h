#pragma once
// Technical words (identifiers, error codes, region names, resource IDs, ARNs, CLI words)
// are kept whole and also yield their parts, so `InsufficientInstanceCapacity` is found both
// as typed and as "insufficient instance capacity".
#include <string>
#include <string_view>
#include <vector>

namespace sasae {

// Characters that join the pieces of one technical word (ap-northeast-1, arn:aws:iam::1:role/x,
// t3.micro, user_data, name@example.com).
bool is_connector(char32_t cp);

enum class WordShape { Plain, Identifier, Number };

struct TechnicalWord {
    std::string whole;               // case-folded; empty when too long to be a useful term
    std::vector<std::string> parts;  // case-folded pieces (connector segments, camelCase pieces)
    WordShape shape = WordShape::Plain;
};

// `word` is NFKC text in its original case with no leading or trailing connector.
TechnicalWord split_technical_word(std::string_view word);

// Longest whole-term kept, in bytes (Xapian's hard limit is 245; long URLs and blobs are
// represented by their parts only).
inline constexpr std::size_t kMaxWholeTermBytes = 100;

}  // namespace sasae

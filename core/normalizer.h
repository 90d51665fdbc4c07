#pragma once
// NFKC normalization that remembers where every output byte came from, so that matches
// found in normalized text can be highlighted in the original (snippets need this).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sasae {

struct NormalizedText {
    std::string text;                  // NFKC form; case is kept (terms are folded later)
    std::vector<std::uint32_t> origin; // origin[i] = byte offset in the input of text[i];
                                       // origin[text.size()] = input size

    // Maps a normalized byte range back to the input range it came from.
    std::uint32_t to_input(std::size_t normalized_offset) const { return origin[normalized_offset]; }
};

// Invalid UTF-8 bytes become spaces (analysis never fails on bad bytes; ingestion rejects
// such files earlier with a line number). Dash look-alikes become '-', so identifiers typed
// with U+2010 or U+2212 still match.
NormalizedText normalize(std::string_view input);

// Case folding of a term (ASCII fast path; full Unicode folding otherwise).
std::string fold_case(std::string_view term);

// A-Z lower-cased, every other byte as it is: enough where what is looked for is ASCII.
std::string lower_ascii(std::string_view text);

}  // namespace sasae

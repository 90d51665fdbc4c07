#pragma once
// Where each term of a stored passage occurs, from one analysis of the whole passage. The hit
// cache keeps this beside the passage, so a snippet of a document that comes up again needs
// neither substring probes nor MeCab: its marks are a look-up of the query's terms.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/analyzer.h"
#include "core/passage.h"

namespace sasae {

class PassageTerms {
public:
    struct Span {
        std::uint16_t begin, end;  // byte range in the passage
    };

    PassageTerms() = default;
    // Every token's term, stem and variants with the token's place. Passages are at most
    // kMaxPassageBytes, so a place fits 16 bits; anything past that is left out.
    PassageTerms(std::string_view passage, const Analyzer& analyzer);

    // The places of a term (as the analyser spells terms: folded, stems with "Z"), in text
    // order, given the term's hash(): a query hashes its terms once for all its hits.
    struct Places {
        const Span* first;
        const Span* last;
        const Span* begin() const { return first; }
        const Span* end() const { return last; }
        std::size_t size() const { return static_cast<std::size_t>(last - first); }
        const Span& operator[](std::size_t i) const { return first[i]; }
    };
    Places find(std::uint64_t term_hash) const;
    Places find(std::string_view term) const { return find(hash(term)); }
    static std::uint64_t hash(std::string_view term);

    std::size_t bytes() const;  // memory held, roughly

private:
    // Sorted by hash, then place. Terms are kept as 64-bit hashes: a passage holds a few
    // thousand, so a query term that is not there collides with one about once in 10^15.
    std::vector<std::uint64_t> hashes_;
    std::vector<Span> spans_;  // spans_[i] is where the term hashes_[i] occurs
};

// A stored passage as the hit cache keeps it: the text, and its terms once analysed.
struct PreparedPassage {
    std::string text;
    std::optional<PassageTerms> terms;  // absent when read past the cache's budget
};

}  // namespace sasae

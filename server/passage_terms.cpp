#include "server/passage_terms.h"

#include <algorithm>
#include <functional>
#include <limits>

namespace sasae {

static_assert(kMaxPassageBytes <= std::numeric_limits<std::uint16_t>::max(), "a passage offset must fit 16 bits");

std::uint64_t PassageTerms::hash(std::string_view term) { return std::hash<std::string_view>{}(term); }

PassageTerms::PassageTerms(std::string_view passage, const Analyzer& analyzer) {
    struct Entry {
        std::uint64_t hash;
        Span span;
    };
    std::vector<Entry> entries;
    for (const auto& t : analyzer.analyze(passage)) {
        if (t.end > std::numeric_limits<std::uint16_t>::max()) break;
        const Span span{static_cast<std::uint16_t>(t.begin), static_cast<std::uint16_t>(t.end)};
        entries.push_back({hash(t.term), span});
        if (!t.stem.empty()) entries.push_back({hash(t.stem), span});
        for (const auto& v : t.variants) entries.push_back({hash(v), span});
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.hash != b.hash ? a.hash < b.hash : a.span.begin < b.span.begin;
    });
    // A token whose variant repeats its term (or a term repeated among variants) is one place.
    entries.erase(std::unique(entries.begin(), entries.end(),
                              [](const Entry& a, const Entry& b) { return a.hash == b.hash && a.span.begin == b.span.begin; }),
                  entries.end());
    hashes_.reserve(entries.size());
    spans_.reserve(entries.size());
    for (const auto& e : entries) {
        hashes_.push_back(e.hash);
        spans_.push_back(e.span);
    }
}

PassageTerms::Places PassageTerms::find(std::uint64_t term_hash) const {
    const auto [lo, hi] = std::equal_range(hashes_.begin(), hashes_.end(), term_hash);
    return {spans_.data() + (lo - hashes_.begin()), spans_.data() + (hi - hashes_.begin())};
}

std::size_t PassageTerms::bytes() const {
    return hashes_.capacity() * sizeof(std::uint64_t) + spans_.capacity() * sizeof(Span);
}

}  // namespace sasae

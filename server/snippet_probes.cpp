#include "server/snippet_probes.h"

#include <algorithm>
#include <cstring>

#include "core/utf8.h"

namespace sasae {
namespace {

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_ascii_lower(char c) { return c >= 'a' && c <= 'z'; }

bool ends_with_hiragana(std::string_view s) {
    if (s.size() < 3) return false;
    char32_t cp;
    return utf8::decode(s, s.size() - 3, cp) == 3 && cp >= 0x3041 && cp <= 0x309F;
}

// An ASCII probe must start a word: after a non-alphanumeric, or at a camel-case hump
// (Capacity in InsufficientInstanceCapacity), not in the middle of one.
bool starts_word(std::string_view text, std::size_t at) {
    if (at == 0 || !is_ascii_alnum(text[at - 1])) return true;
    return is_ascii_upper(text[at]) && is_ascii_lower(text[at - 1]);
}

// Text in the form probes are compared in: ASCII lower-cased, katakana without ー, with
// full-size small vowels and the ヴ row as the バ row (as fold_katakana_variants makes terms). The passage is NFKC already
// (core/passage.h), so nothing else differs, and only a dropped ー (or the small vowel of ヴァ) moves later bytes: `drops`
// holds the view offsets where one went, which is all it takes to map back to the input.
struct ProbeView {
    std::string text;
    std::vector<std::uint32_t> drops;

    std::uint32_t to_input(std::size_t at) const {
        auto before = std::upper_bound(drops.begin(), drops.end(), at) - drops.begin();
        return static_cast<std::uint32_t>(at + 3 * static_cast<std::size_t>(before));
    }
};

ProbeView probe_view(std::string_view s) {
    ProbeView v;
    v.text.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        // Katakana (U+30A0..U+30FF) is E3 82 xx / E3 83 xx; every other byte is kept as it is.
        char32_t cp;
        if (c == '\xE3' && i + 2 < s.size() && (s[i + 1] == '\x82' || s[i + 1] == '\x83') &&
            utf8::decode(s, i, cp) == 3) {
            char32_t next = 0;
            if (cp == kVu && i + 6 <= s.size() && utf8::decode(s, i + 3, next) == 3 && fold_vu_syllable(next)) {
                // ヴァ is バ: the small vowel goes like a dropped ー.
                utf8::append(v.text, fold_vu_syllable(next));
                v.drops.push_back(static_cast<std::uint32_t>(v.text.size()));
                i += 6;
                continue;
            }
            if (char32_t folded = fold_katakana_mark(cp, true))
                utf8::append(v.text, folded);
            else
                v.drops.push_back(static_cast<std::uint32_t>(v.text.size()));
            i += 3;
            continue;
        }
        v.text += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
        ++i;
    }
    return v;
}

}  // namespace

std::string probe_for(std::string_view term) {
    if (!term.empty() && term[0] == 'Z') {
        term.remove_prefix(1);
        if (term.size() >= 5) term.remove_suffix(1);
    } else if (ends_with_hiragana(term) && utf8::length(term) >= 2) {
        term.remove_suffix(3);
    }
    return probe_view(term).text;
}

ProbeSet::ProbeSet(const HighlightTerms& terms, std::vector<long> weights) : weights_(std::move(weights)) {
    for (const auto& [term, weight] : terms) probes_.push_back(probe_for(term));
    // A probe that starts with another probe of at least its weight finds nothing new (the
    // stem's probe "instanc" already finds every "instances"): one scan of the text fewer.
    auto redundant = [&](std::size_t k) {
        for (std::size_t o = 0; o < probes_.size(); ++o)
            if (o != k && !probes_[o].empty() && probes_[k].compare(0, probes_[o].size(), probes_[o]) == 0 &&
                weights_[o] >= weights_[k] && (probes_[o].size() < probes_[k].size() || o < k))
                return true;
        return false;
    };
    for (std::uint32_t id = 0; id < probes_.size(); ++id)
        if (!probes_[id].empty() && !redundant(id)) scanned_.push_back(id);
}

std::vector<TermSpan> ProbeSet::hits(std::string_view text, std::size_t max_per_term) const {
    const ProbeView view = probe_view(text);
    std::vector<TermSpan> hits;
    for (std::uint32_t id : scanned_) {
        const std::string& probe = probes_[id];
        const bool ascii = static_cast<unsigned char>(probe[0]) < 0x80;
        std::size_t found = 0;
        // memmem, not string::find: the latter stops at every byte equal to the probe's first,
        // and in Japanese text nearly every third byte is 0xE3.
        const char* const base = view.text.data();
        const char* const stop = base + view.text.size();
        for (const char* p = base; found < max_per_term;) {
            p = static_cast<const char*>(memmem(p, static_cast<std::size_t>(stop - p), probe.data(), probe.size()));
            if (!p) break;
            const std::size_t at = static_cast<std::size_t>(p - base);
            ++p;
            const std::uint32_t begin = view.to_input(at);
            if (ascii && !starts_word(text, begin)) continue;
            hits.push_back({begin, view.to_input(at + probe.size()), id});
            ++found;
        }
    }
    // One place, one term: a word's stem and its full form both hit "instances", but the
    // analyser will match it once.
    std::sort(hits.begin(), hits.end(), [&](const TermSpan& a, const TermSpan& b) {
        return a.begin != b.begin ? a.begin < b.begin : weights_[a.term] > weights_[b.term];
    });
    hits.erase(std::unique(hits.begin(), hits.end(), [](const TermSpan& a, const TermSpan& b) { return a.begin == b.begin; }),
               hits.end());
    return hits;
}

}  // namespace sasae

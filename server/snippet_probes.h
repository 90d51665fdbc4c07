#pragma once
// Where a snippet's terms may occur in a stored passage, found by plain substring search
// ("probes") rather than analysis: cheap enough for every hit of a result page. The snippet
// then runs the analyser only over the words or clauses around the most promising probe hits,
// which confirms them (a probe can be a false friend: "instan" of instant for instance).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/snippet.h"

namespace sasae {

// A place in the text standing for a highlight term.
struct TermSpan {
    std::uint32_t begin, end;
    std::uint32_t term;  // index of the term in HighlightTerms' (sorted) order
};

// What every spelling of a term in a text starts with, in the probe form (ASCII lower-cased,
// katakana without ー, small vowels full-size): a stem without its last letter (policy and
// policies share "polic", not the stem "polici"), an inflected Japanese base form without its
// hiragana ending (止まる -> 止ま meets 止まらない); otherwise the term itself.
std::string probe_for(std::string_view term);

// The probes of one query's terms, worked out once and then looked for in each hit's passage.
class ProbeSet {
public:
    // `weights` are the terms' weights in HighlightTerms' order (thousandths).
    ProbeSet(const HighlightTerms& terms, std::vector<long> weights);

    // Every place (at most `max_per_term` per term) where a term's probe occurs in `text`, in
    // text order, one per place (the heaviest term there). ASCII probes only count at the start
    // of a word or of a camel-case hump.
    std::vector<TermSpan> hits(std::string_view text, std::size_t max_per_term) const;

    const std::vector<long>& weights() const { return weights_; }

private:
    std::vector<long> weights_;
    std::vector<std::string> probes_;     // by term id
    std::vector<std::uint32_t> scanned_;  // the term ids whose probe is looked for
};

}  // namespace sasae

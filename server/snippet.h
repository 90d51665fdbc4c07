#pragma once
// Snippets: the passage of a document with the most distinct query matches, HTML-escaped,
// matches in <mark>. The marks come from the analyser, so they are right for Japanese, katakana
// variants and identifiers (which Xapian's MSet::snippet does not know). A passage analysed
// beforehand (server/passage_terms.h) has its matches looked up; otherwise candidate places
// are found by substring search for the terms' likely spellings and the analyser confirms the
// matches in a few hundred bytes around them, so a page of hits never analyses whole passages.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/analyzer.h"
#include "core/passage.h"
#include "server/highlight_terms.h"

namespace sasae {

struct SnippetOptions {
    std::size_t window_bytes = 300;   // passage length in the text
    std::size_t lead_bytes = 40;      // context kept before the first match
    std::size_t max_scan_bytes = kMaxPassageBytes;
    // Without an analysed passage:
    std::size_t max_probe_hits = 200;  // per term: plenty to find the densest passage
    std::size_t candidates = 2;        // passages the analyser checks, most promising first
};


class ProbeSet;
struct PreparedPassage;

// Snippets for one query: what depends only on its terms (weights, probes, whether MeCab is
// needed) is worked out once, then each hit's passage is cut.
class SnippetMaker {
public:
    SnippetMaker(const HighlightTerms& terms, const Analyzer& analyzer, const SnippetOptions& options = {});
    ~SnippetMaker();

    // `text` is a stored passage (core/passage.h): NFKC-normalized already.
    std::string operator()(std::string_view text) const;
    // The same for a passage as the hit cache keeps it: from its terms when it has them.
    std::string operator()(const PreparedPassage& passage) const;

private:
    std::string probe_and_check(std::string_view text) const;

    const HighlightTerms& terms_;
    const Analyzer& analyzer_;
    SnippetOptions options_;
    std::unique_ptr<const ProbeSet> probes_;
    std::vector<std::uint64_t> term_hashes_;  // PassageTerms::hash of each term, in terms_' order
    Analyzer::Scripts scripts_;
};

// One snippet (a SnippetMaker for a single passage).
std::string make_snippet(std::string_view text, const HighlightTerms& terms, const Analyzer& analyzer,
                         const SnippetOptions& options = {});

}  // namespace sasae

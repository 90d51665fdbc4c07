#pragma once
// Snippets: the passage of a document with the most distinct query matches, HTML-escaped,
// matches in <mark>. Matching uses the analyser's terms and offsets, so it is right for
// Japanese, width variants and identifiers, which Xapian's MSet::snippet does not know.
#include <map>
#include <string>
#include <string_view>

#include "core/analyzer.h"

namespace sasae {

struct SnippetOptions {
    std::size_t window_bytes = 300;   // passage length in the original text
    std::size_t lead_bytes = 40;      // context kept before the first match
    std::size_t max_scan_bytes = 12 * 1024;  // a passage beyond this is rarely worth the analysis time
    std::size_t chunk_bytes = 1024;   // analysis stops after the first chunk holding every typed term,
    std::size_t max_matching_chunks = 3;  // or after this many chunks with some match
};

// Terms to mark, each with how much it counts when choosing the passage: the words a person
// typed count fully, the parts of an identifier they typed count less.
using HighlightTerms = std::map<std::string, double>;

std::string make_snippet(std::string_view text, const HighlightTerms& terms, const Analyzer& analyzer,
                         const SnippetOptions& options = {});

std::string html_escape(std::string_view text);

}  // namespace sasae

#pragma once
// The passage of a document that search snippets are cut from. The indexer stores it once,
// already NFKC-normalized (so ＥＣ２ reads EC2) and cut to a bounded size, so answering a query
// needs neither the Markdown parser nor normalization of whole documents.
#include <cstddef>
#include <string>
#include <string_view>

namespace sasae {

// Snippets come from the first this-many bytes: long AWS guides would otherwise cost more to
// scan than their passage is worth.
inline constexpr std::size_t kMaxPassageBytes = 8 * 1024;

// Prose, then code (error messages often live in code blocks), normalized with the analyser's
// normalize(), cut at a line end (or a character boundary) within kMaxPassageBytes.
std::string make_passage(std::string_view prose, std::string_view code);

}  // namespace sasae

#pragma once
// "Did you mean": misspelt ASCII words of a query corrected from the index's own vocabulary,
// Xapian's spelling table, which the indexer fills with the English words of titles and
// headings and with the camel-case identifiers two documents use.
#include <string>
#include <vector>

#include <xapian.h>

#include "core/analyzer.h"

namespace sasae {

// `words` with each misspelt one corrected, joined by spaces; empty when none is misspelt.
// A word the index holds (as an English stem or a whole identifier) is never corrected.
std::string spelling_suggestion(const Xapian::Database& db, const Analyzer& analyzer, const std::vector<std::string>& words);

}  // namespace sasae

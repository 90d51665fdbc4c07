#pragma once
// Turns a SourceDocument into a Xapian document following core/schema.h.
#include <string>

#include <xapian.h>

#include "core/analyzer.h"
#include "indexer/source_document.h"

namespace sasae {

struct BuiltDocument {
    Xapian::Document document;
    // For "did you mean": English words of the title and headings, and camel-case identifiers
    // (error codes, API names) of the body and code.
    std::vector<std::string> spelling_words;
    std::vector<std::string> spelling_identifiers;
};

BuiltDocument build_document(const SourceDocument& doc, const Analyzer& analyzer, const std::string& content_hash);

// The JSON stored as document data: what a search hit shows, and no more, since every hit of
// every result page reads and parses it.
nlohmann::json stored_data(const SourceDocument& doc);
// The JSON stored in schema::kDetailsSlot: what only the document view needs (links, front matter).
nlohmann::json stored_details(const SourceDocument& doc);

}  // namespace sasae

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

}  // namespace sasae

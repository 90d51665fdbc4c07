#pragma once
// One result as lists show it: the display fields stored with a document, its score and snippet.
#include <string>
#include <vector>

#include <xapian.h>

namespace sasae {

struct SearchHit {
    std::string id, kind, title, url, date, snippet;
    std::vector<std::string> services, tags;
    double score = 0;
};

// A hit's display fields from the stored document data (score and snippet left empty).
SearchHit hit_from_document(const Xapian::Document& doc);

}  // namespace sasae

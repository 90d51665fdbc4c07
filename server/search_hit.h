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

    bool operator==(const SearchHit& o) const {
        return id == o.id && kind == o.kind && title == o.title && url == o.url && date == o.date &&
               snippet == o.snippet && services == o.services && tags == o.tags && score == o.score;
    }
    bool operator!=(const SearchHit& o) const { return !(*this == o); }
};

// A hit's display fields from the stored document data (score and snippet left empty).
SearchHit hit_from_document(const Xapian::Document& doc);

}  // namespace sasae

#pragma once
// Keyword search over the index: query language, ranking, facets, snippets, fallback to
// partial matches, "did you mean". Plain C++: no HTTP types here.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/facet_counts.h"
#include "server/search_request.h"
#include "server/index_reader.h"
#include "server/search_hit.h"

namespace sasae {

struct SearchResponse {
    std::string query;
    Xapian::doccount total = 0;
    std::vector<SearchHit> hits;
    std::map<std::string, FacetCounts> facets;  // by counted facet
    bool partial = false;         // nothing matched every word; these hits match some
    std::string did_you_mean;     // a corrected query, when the index suggests one
    std::string corrected_query;  // set when the hits are those of did_you_mean (nothing matched as typed)
    std::string parsed;           // with explain: Xapian's description of the queries run
    // Over several shards, what this answer could not take into account (did-you-mean sees
    // local shards only); empty for one index.
    std::vector<std::string> notes;
};

class SearchService {
public:
    explicit SearchService(const IndexReader& reader) : reader_(reader) {}
    SearchResponse search(const SearchRequest& request) const;

private:
    const IndexReader& reader_;
};

}  // namespace sasae

#pragma once
// Keyword search over the index: query language, ranking, facets, snippets, fallback to
// partial matches, "did you mean". Plain C++: no HTTP types here.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/facet_counts.h"
#include "server/index_reader.h"
#include "server/search_hit.h"

namespace sasae {

// A request the caller got wrong (the HTTP layer answers 400 with this message).
class InvalidRequest : public std::runtime_error {
public:
    InvalidRequest(std::string code, const std::string& message) : std::runtime_error(message), code_(std::move(code)) {}
    const std::string& code() const { return code_; }

private:
    std::string code_;
};

struct SearchRequest {
    std::string query;
    std::map<std::string, std::vector<std::string>> filters;  // facet name (core/facets.h) -> values, ORed
    int page = 1;
    int per_page = 10;
    bool sort_by_date = false;
    bool explain = false;  // fill SearchResponse::parsed (describing queries is not free)

    static constexpr std::size_t kMaxQueryBytes = 1000;
    static constexpr int kMaxPerPage = 100;
    static constexpr int kMaxPage = 1000;
    void validate() const;  // throws InvalidRequest
};

struct SearchResponse {
    std::string query;
    Xapian::doccount total = 0;
    std::vector<SearchHit> hits;
    std::map<std::string, FacetCounts> facets;  // by counted facet
    bool partial = false;         // nothing matched every word; these hits match some
    std::string did_you_mean;     // a corrected query, when the index suggests one
    std::string corrected_query;  // set when the hits are those of did_you_mean (nothing matched as typed)
    std::string parsed;           // with explain: Xapian's description of the queries run
};

class SearchService {
public:
    explicit SearchService(const IndexReader& reader) : reader_(reader) {}
    SearchResponse search(const SearchRequest& request) const;

private:
    const IndexReader& reader_;
};

}  // namespace sasae

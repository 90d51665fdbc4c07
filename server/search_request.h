#pragma once
// What a search asks for: the query as typed, facet filters, page, order. Plain data with its
// own validation, so that callers (routes, CLI) need not include the search service.
#include <map>
#include <string>
#include <vector>

#include "server/invalid_request.h"

namespace sasae {

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

}  // namespace sasae

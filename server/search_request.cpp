#include "server/search_request.h"

#include "core/facets.h"
#include "core/utf8.h"

namespace sasae {

void SearchRequest::validate() const {
    if (query.size() > kMaxQueryBytes)
        throw InvalidRequest("query_too_long", "q is longer than " + std::to_string(kMaxQueryBytes) + " bytes");
    if (utf8::find_invalid(query)) throw InvalidRequest("invalid_utf8", "q is not valid UTF-8");
    if (page < 1 || page > kMaxPage)
        throw InvalidRequest("invalid_page", "page must be between 1 and " + std::to_string(kMaxPage));
    if (per_page < 1 || per_page > kMaxPerPage)
        throw InvalidRequest("invalid_per_page", "per_page must be between 1 and " + std::to_string(kMaxPerPage));
    for (const auto& [field, values] : filters) {
        if (!find_facet(field)) throw InvalidRequest("invalid_filter", "there is no filter called " + field);
        for (const auto& v : values)
            if (v.size() > 200 || utf8::find_invalid(v)) throw InvalidRequest("invalid_filter", "a filter value is invalid");
    }
}

}  // namespace sasae

#pragma once
// The facets: the fields a search filters on (kind:case, service:EC2) and counts over its
// matches. One row per facet, read by every place that needs one: ingestion (where a
// document's values come from), the document builder (terms and value slot), the query
// syntax and builder (field:value), the counters, the HTTP parameters and, through
// GET /api/schema, the page. To add a facet, add a row here (and its value slot in
// core/schema.h).
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace sasae {

struct Facet {
    std::string name;    // query field, URL parameter and response key: kind, service, tag, ...
    std::string label;   // what the page calls it (Japanese)
    std::string prefix;  // boolean term prefix: prefix + folded value
    // Display values joined by schema::kListSeparator, for counting; Xapian::BAD_VALUENO for a
    // filter that is never counted (lang).
    Xapian::valueno slot = Xapian::BAD_VALUENO;
    // Front matter keys whose values (a list, or a comma-separated scalar) are the document's
    // values, merged in this order. Empty for kind, which ingestion decides (folder, fields).
    std::vector<std::string> front_matter_keys;
    // Values found in the document's text as well (title, prose): e.g. region codes.
    std::vector<std::string> (*from_text)(std::string_view text) = nullptr;
    bool indexed_as_text = false;  // values are words of the document too (services, tags)
    std::size_t shown = 10;        // values the page lists before "more"

    bool counted() const { return slot != Xapian::BAD_VALUENO; }
};

// Every facet, in the order the page shows them.
const std::vector<Facet>& facets();

// The facet called `name`, or null.
const Facet* find_facet(std::string_view name);

}  // namespace sasae

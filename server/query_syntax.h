#pragma once
// The search box language: words are ANDed, "quoted phrases", -excluded words, OR between
// words, and field filters inline (kind:case service:EC2 tag:vpn: the facets of core/facets.h;
// values may be quoted).
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sasae {

struct QueryClause {
    std::string text;
    bool phrase = false;
    bool excluded = false;
    bool or_with_previous = false;  // "a OR b"
};

struct QuerySyntax {
    std::vector<QueryClause> clauses;
    std::map<std::string, std::vector<std::string>> filters;  // facet name -> values
};

QuerySyntax parse_query_syntax(std::string_view query);

}  // namespace sasae

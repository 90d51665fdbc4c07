#include "server/query_syntax.h"

#include <algorithm>
#include <array>

#include "core/facets.h"

namespace sasae {
namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

bool is_space_at(std::string_view s, std::size_t i, std::size_t& width) {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
        width = 1;
        return true;
    }
    if (s.substr(i, 3) == kIdeographicSpace) {
        width = 3;
        return true;
    }
    return false;
}

// Reads a value that may be "quoted"; advances `i` past it.
std::string read_value(std::string_view s, std::size_t& i, bool& quoted) {
    quoted = i < s.size() && s[i] == '"';
    if (quoted) {
        std::size_t close = s.find('"', i + 1);
        std::size_t end = close == std::string_view::npos ? s.size() : close;
        std::string v(s.substr(i + 1, end - i - 1));
        i = close == std::string_view::npos ? s.size() : close + 1;
        return v;
    }
    std::size_t start = i, w = 0;
    while (i < s.size() && !is_space_at(s, i, w)) ++i;
    return std::string(s.substr(start, i - start));
}

// Fields accepted inline as field:value (the facets); anything else with a colon is text
// (arn:aws:..., 10:30).
bool is_filter_field(std::string_view field) { return find_facet(field) != nullptr; }

}  // namespace

QuerySyntax parse_query_syntax(std::string_view s) {
    QuerySyntax out;
    bool pending_or = false;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t w = 0;
        if (is_space_at(s, i, w)) {
            i += w;
            continue;
        }
        QueryClause clause;
        if (s[i] == '-' && i + 1 < s.size() && !is_space_at(s, i + 1, w) && s[i + 1] != '-') {
            clause.excluded = true;
            ++i;
        }
        // field:value
        std::size_t colon = s.find(':', i);
        std::size_t word_end = i;
        while (word_end < s.size() && !is_space_at(s, word_end, w) && s[word_end] != '"') ++word_end;
        if (!clause.excluded && colon != std::string_view::npos && colon < word_end) {
            std::string field(s.substr(i, colon - i));
            std::transform(field.begin(), field.end(), field.begin(), [](unsigned char c) { return std::tolower(c); });
            if (is_filter_field(field) && colon + 1 < s.size()) {
                i = colon + 1;
                bool quoted = false;
                std::string value = read_value(s, i, quoted);
                if (!value.empty()) out.filters[field].push_back(value);
                continue;
            }
        }
        bool quoted = false;
        clause.text = read_value(s, i, quoted);
        clause.phrase = quoted;
        if (!quoted && !clause.excluded && clause.text == "OR") {
            pending_or = !out.clauses.empty();
            continue;
        }
        if (clause.text.empty()) continue;
        clause.or_with_previous = pending_or && !clause.excluded;
        pending_or = false;
        out.clauses.push_back(std::move(clause));
    }
    return out;
}

}  // namespace sasae

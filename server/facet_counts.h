#pragma once
// One facet's values that matching documents have, with how many have each, in name order
// (the order responses list them in). A sorted vector, not a map: a tag facet can hold hundreds
// of values on every request, and building a map of them showed in a search's profile.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

namespace sasae {

class FacetCounts {
public:
    using Entry = std::pair<std::string, Xapian::doccount>;

    FacetCounts() = default;
    // `entries` in name order, each name once.
    explicit FacetCounts(std::vector<Entry> entries) : entries_(std::move(entries)) {}

    // The count of `value`: 0 when no matching document has it.
    Xapian::doccount operator[](std::string_view value) const {
        auto it = find(value);
        return it == entries_.end() ? 0 : it->second;
    }
    std::size_t count(std::string_view value) const { return find(value) == entries_.end() ? 0 : 1; }

    bool empty() const { return entries_.empty(); }
    std::size_t size() const { return entries_.size(); }
    std::vector<Entry>::const_iterator begin() const { return entries_.begin(); }
    std::vector<Entry>::const_iterator end() const { return entries_.end(); }

private:
    std::vector<Entry>::const_iterator find(std::string_view value) const {
        auto it = std::lower_bound(entries_.begin(), entries_.end(), value,
                                   [](const Entry& e, std::string_view v) { return e.first < v; });
        return it != entries_.end() && it->first == value ? it : entries_.end();
    }

    std::vector<Entry> entries_;
};

}  // namespace sasae

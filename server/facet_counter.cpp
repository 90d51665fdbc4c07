#include "server/facet_counter.h"

#include "core/schema.h"

namespace sasae {

void FacetCounter::operator()(const Xapian::Document& doc, double) {
    ++lists_[doc.get_value(slot_)];
}

std::map<std::string, Xapian::doccount> FacetCounter::counts() const {
    std::map<std::string, Xapian::doccount> counts;
    for (const auto& [value, n] : lists_) {
        std::size_t start = 0;
        while (start < value.size()) {
            std::size_t end = value.find(schema::kListSeparator, start);
            if (end == std::string::npos) end = value.size();
            if (end > start) counts[value.substr(start, end - start)] += n;
            start = end + 1;
        }
    }
    return counts;
}

}  // namespace sasae

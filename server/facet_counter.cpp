#include "server/facet_counter.h"

#include "core/schema.h"

namespace sasae {

void FacetCounter::operator()(const Xapian::Document& doc, double) {
    std::string value = doc.get_value(slot_);
    std::size_t start = 0;
    while (start < value.size()) {
        std::size_t end = value.find(schema::kListSeparator, start);
        if (end == std::string::npos) end = value.size();
        if (end > start) ++counts_[value.substr(start, end - start)];
        start = end + 1;
    }
}

}  // namespace sasae

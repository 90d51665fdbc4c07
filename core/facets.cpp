#include "core/facets.h"

#include <algorithm>

#include "core/schema.h"

namespace sasae {

const std::vector<Facet>& facets() {
    static const std::vector<Facet> kFacets = {
        {"kind", "種類", std::string(schema::kKindPrefix), schema::kKindSlot, {}, nullptr, false, 10},
        {"service", "サービス", std::string(schema::kServicePrefix), schema::kServicesSlot, {"services", "service"},
         nullptr, true, 8},
        {"tag", "タグ", std::string(schema::kTagPrefix), schema::kTagsSlot, {"tags", "topics"}, nullptr, true, 10},
        {"lang", "言語", std::string(schema::kLangPrefix), Xapian::BAD_VALUENO, {"lang"}, nullptr, false, 0},
    };
    return kFacets;
}

const Facet* find_facet(std::string_view name) {
    const auto& all = facets();
    auto it = std::find_if(all.begin(), all.end(), [&](const Facet& f) { return f.name == name; });
    return it == all.end() ? nullptr : &*it;
}

}  // namespace sasae

#include "core/facets.h"

#include <algorithm>

#include "core/region_codes.h"
#include "core/schema.h"

namespace sasae {
namespace {

// The regions a note is about, from its text: the codes it names, unless it names so many
// that it is about regions in general (an endpoint list, a pricing page).
std::vector<std::string> regions_named(std::string_view text) {
    constexpr std::size_t kMostRegionsOfANote = 3;
    auto codes = region_codes_in(text);
    if (codes.size() > kMostRegionsOfANote) codes.clear();
    return codes;
}

}  // namespace

const std::vector<Facet>& facets() {
    static const std::vector<Facet> kFacets = {
        {"kind", "種類", std::string(schema::kKindPrefix), schema::kKindSlot, {}, nullptr, false, 10},
        {"service", "サービス", std::string(schema::kServicePrefix), schema::kServicesSlot, {"services", "service"},
         nullptr, true, 8},
        {"tag", "タグ", std::string(schema::kTagPrefix), schema::kTagsSlot, {"tags", "topics"}, nullptr, true, 10},
        {"region", "リージョン", std::string(schema::kRegionPrefix), schema::kRegionsSlot, {"region", "regions"},
         regions_named, false, 8},
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

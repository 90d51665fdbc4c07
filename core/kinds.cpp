#include "core/kinds.h"

#include <algorithm>

namespace sasae {

const std::vector<Kind>& kinds() {
    static const std::vector<Kind> kKinds = {
        {"case", "過去ケース", {"cases", "case"}, {}, "cases", "類似の過去ケース", "", true, false},
        {"doc", "AWS ドキュメント", {"docs", "doc"}, {}, "docs", "AWS ドキュメント", "一次ソース", false, true},
        {"blog", "コミュニティ記事", {"blogs", "blog", "articles"}, {"emoji", "topics", "private", "ignorePublish"},
         "blogs", "コミュニティ記事", "参考", false, false, true},
    };
    return kKinds;
}

const Kind* find_kind(std::string_view name) {
    const auto& all = kinds();
    auto it = std::find_if(all.begin(), all.end(), [&](const Kind& k) { return k.name == name; });
    return it == all.end() ? nullptr : &*it;
}

std::string kind_names() {
    std::string out;
    for (const auto& k : kinds()) out += (out.empty() ? "" : ", ") + k.name;
    return out;
}

}  // namespace sasae

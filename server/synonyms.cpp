#include "server/synonyms.h"

#include <nlohmann/json.hpp>

namespace sasae {

std::string Synonyms::key_of(const std::string& text, const Analyzer& analyzer) {
    return key_of(analyzer.analyze(text));
}

std::string Synonyms::key_of(const std::vector<Token>& tokens) {
    std::string key;
    for (const auto& t : tokens) {
        if (!key.empty()) key += ' ';
        key += t.term;
    }
    return key;
}

Synonyms::Synonyms(const std::vector<std::vector<std::string>>& groups, const Analyzer& analyzer) {
    for (const auto& group : groups) {
        if (group.size() < 2) continue;
        std::size_t index = groups_.size();
        groups_.push_back(group);
        analysed_.emplace_back();
        for (const auto& member : group) {
            analysed_.back().push_back(analyzer.analyze(member));
            std::string key = key_of(analysed_.back().back());
            if (key.empty()) continue;
            by_key_.emplace(key, index);
            first_terms_.insert(analysed_.back().back().front().term);
        }
    }
}

const std::vector<std::string>* Synonyms::group_of(const std::string& analysed_key) const {
    auto it = by_key_.find(analysed_key);
    return it == by_key_.end() ? nullptr : &groups_[it->second];
}

const std::vector<std::vector<Token>>* Synonyms::analysed_group_of(const std::string& analysed_key) const {
    auto it = by_key_.find(analysed_key);
    return it == by_key_.end() ? nullptr : &analysed_[it->second];
}

std::vector<std::vector<std::string>> synonym_groups_from_json(const std::string& json) {
    std::vector<std::vector<std::string>> groups;
    auto parsed = nlohmann::json::parse(json, nullptr, false);
    if (!parsed.is_array()) return groups;
    for (const auto& g : parsed) {
        if (!g.is_array()) continue;
        std::vector<std::string> group;
        for (const auto& m : g)
            if (m.is_string()) group.push_back(m.get<std::string>());
        if (group.size() >= 2) groups.push_back(std::move(group));
    }
    return groups;
}

}  // namespace sasae

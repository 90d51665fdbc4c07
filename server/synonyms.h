#pragma once
// Query-time synonyms: groups of expressions that mean the same thing (EC2 / Amazon EC2 /
// Elastic Compute Cloud). The indexer stores content roots' synonyms.yaml in the index
// metadata; a group is keyed by the analysed form of each member so that width, case and
// spacing variants of a member still hit.
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/analyzer.h"

namespace sasae {

class Synonyms {
public:
    // A key is looked up over at most this many consecutive words ("AWS Site-to-Site VPN").
    static constexpr std::size_t kMaxKeyWords = 4;

    Synonyms() = default;
    // `groups`: each group is a list of expressions.
    Synonyms(const std::vector<std::vector<std::string>>& groups, const Analyzer& analyzer);

    // The other members of the group `expression` belongs to (empty when none).
    const std::vector<std::string>* group_of(const std::string& analysed_key) const;
    // The same group's members as the analyser read them, in the same order (analysed once,
    // when the synonyms are loaded, not on every request).
    const std::vector<std::vector<Token>>* analysed_group_of(const std::string& analysed_key) const;

    // Main terms of `text` joined by spaces: the key used for lookups.
    static std::string key_of(const std::string& text, const Analyzer& analyzer);
    // The same for `text` analysed already.
    static std::string key_of(const std::vector<Token>& tokens);

    bool empty() const { return by_key_.empty(); }
    // Whether some key starts with this term: a scan of a long text looks keys up only there.
    bool starts_a_key(const std::string& term) const { return first_terms_.count(term) > 0; }

private:
    std::vector<std::vector<std::string>> groups_;
    std::vector<std::vector<std::vector<Token>>> analysed_;  // per group, per member
    std::map<std::string, std::size_t> by_key_;
    std::unordered_set<std::string> first_terms_;
};

// Parses the JSON array-of-arrays stored in the index metadata; bad entries are skipped.
std::vector<std::vector<std::string>> synonym_groups_from_json(const std::string& json);

}  // namespace sasae

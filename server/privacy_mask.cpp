#include "server/privacy_mask.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>

#include "core/resource_ids.h"
#include "core/secrets.h"

namespace sasae {
namespace {

struct Rule {
    std::regex pattern;
    const char* placeholder;
};

// (i|vol|…|db)-[0-9a-f]{8,17}: the resource id prefixes of core/resource_ids.h.
std::string resource_id_pattern() {
    std::string alternatives;
    for (auto p : kResourceIdPrefixes) {
        if (!alternatives.empty()) alternatives += '|';
        alternatives += p.substr(0, p.size() - 1);  // without its '-'
    }
    return R"(\b()" + alternatives + R"()-[0-9a-f]{8,17}\b)";
}

const std::array<Rule, 5>& rules() {
    static const std::array<Rule, 5> kRules = {{
        {std::regex(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})"), "<email>"},
        {std::regex(R"(arn:aws[a-z-]*:[^\s"']+)"), "<resource>"},
        {std::regex(resource_id_pattern()), "<resource>"},
        {std::regex(R"(\b(\d{1,3}\.){3}\d{1,3}\b)"), "<ip>"},
        {std::regex(R"((^|[^0-9])\d{12}(?![0-9]))"), "$1<account>"},
    }};
    return kRules;
}

}  // namespace

std::string mask_identifiers(std::string_view text) {
    // Every identifier masked here has a digit, an '@' or is an ARN: most queries have none of
    // those and are kept as they are without running the patterns.
    const bool may_hold = text.find('@') != std::string_view::npos || text.find("arn:") != std::string_view::npos ||
                          std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!may_hold) return std::string(text);
    // Keys first, on the text as typed (their shape is exact), then the patterns.
    std::string out(text);
    const auto secrets = find_secrets(out);
    for (auto it = secrets.rbegin(); it != secrets.rend(); ++it) out.replace(it->begin, it->end - it->begin, "<key>");
    for (const auto& rule : rules()) out = std::regex_replace(out, rule.pattern, rule.placeholder);
    return out;
}

}  // namespace sasae

#include "core/region_codes.h"

#include <algorithm>
#include <array>

namespace sasae {
namespace {

bool is_code_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

}  // namespace

bool is_region_code(std::string_view w) {
    // two letters, a direction (optionally after "gov-" or "iso-"), a number
    const auto first = w.find('-');
    const auto last = w.rfind('-');
    if (first != 2 || last == first || last + 1 >= w.size()) return false;
    if (!std::all_of(w.begin(), w.begin() + 2, [](char c) { return c >= 'a' && c <= 'z'; })) return false;
    if (!std::all_of(w.begin() + static_cast<long>(last) + 1, w.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        w.size() - last - 1 > 2)
        return false;
    std::string_view middle = w.substr(first + 1, last - first - 1);
    for (std::string_view qualifier : {"gov-", "iso-"})
        if (middle.substr(0, qualifier.size()) == qualifier) middle.remove_prefix(qualifier.size());
    static constexpr std::array<std::string_view, 9> kDirections = {
        "north", "south", "east", "west", "central", "northeast", "southeast", "northwest", "southwest"};
    return std::find(kDirections.begin(), kDirections.end(), middle) != kDirections.end();
}

std::vector<std::string> region_codes_in(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size();) {
        if (!is_code_char(text[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (i < text.size() && is_code_char(text[i])) ++i;
        // A code is 9 to 15 bytes; words of letters, digits and '-' are checked whole.
        if (i - start >= 9 && i - start <= 20) {
            std::string word(text.substr(start, i - start));
            if (is_region_code(word) && std::find(out.begin(), out.end(), word) == out.end()) out.push_back(std::move(word));
        }
    }
    return out;
}

}  // namespace sasae

#include "core/schema.h"

#include <cstdint>
#include <cstdio>

#include "core/hash.h"
#include "core/normalizer.h"
#include "core/utf8.h"

namespace sasae::schema {
std::string boolean_term(std::string_view prefix, std::string_view value) {
    constexpr std::size_t kMax = 200;
    std::string term(prefix);
    if (prefix.size() + value.size() <= kMax) {
        term.append(value);
        return term;
    }
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(value)));
    term.append(utf8::truncate(value, kMax - prefix.size() - 17));
    term.push_back('#');
    term.append(hash);
    return term;
}

std::string normalize_url(std::string_view url) {
    std::string u(url);
    if (auto hash = u.find('#'); hash != std::string::npos) u.resize(hash);
    auto scheme_end = u.find("://");
    if (scheme_end != std::string::npos) {
        auto host_end = u.find('/', scheme_end + 3);
        if (host_end == std::string::npos) host_end = u.size();
        for (std::size_t i = 0; i < host_end; ++i)
            if (u[i] >= 'A' && u[i] <= 'Z') u[i] = static_cast<char>(u[i] - 'A' + 'a');
    }
    while (u.size() > 1 && u.back() == '/' && (scheme_end == std::string::npos || u.size() > scheme_end + 3))
        u.pop_back();
    return u;
}

std::string id_term(std::string_view id) { return boolean_term(kIdPrefix, id); }

}  // namespace sasae::schema

#pragma once
// What usage analytics may keep of a query: the words, not the identifiers that point at a
// customer. Account ids, access keys, e-mail addresses, IP addresses and resource ids become
// placeholders before anything is stored.
#include <string>
#include <string_view>

namespace sasae {

// `text` with <account>, <key>, <email>, <ip>, <resource> in place of what they stand for.
std::string mask_identifiers(std::string_view text);

}  // namespace sasae

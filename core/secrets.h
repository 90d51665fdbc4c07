#pragma once
// Credentials pasted into text: AWS access key ids (AKIA…, ASIA…), strings shaped like secret
// access keys, private key blocks. The drafting checks warn about them in a draft; the content
// report finds them in the knowledge base.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sasae {

struct SecretSpan {
    std::size_t begin, end;  // bytes
};

// Every secret-looking span of `text`, in text order.
std::vector<SecretSpan> find_secrets(std::string_view text);

// `text` with every secret's characters after its first four replaced by '*' (same length, so
// offsets into it stay right): what snippets are cut from, so that a search never shows a key.
std::string mask_secrets(std::string_view text);

}  // namespace sasae

#pragma once
// Credentials pasted into text: AWS access key ids (AKIA…, ASIA…), strings shaped like secret
// access keys, private key blocks. The drafting checks warn about them in a draft; the content
// report finds them in the knowledge base.
#include <cstddef>
#include <string_view>
#include <vector>

namespace sasae {

struct SecretSpan {
    std::size_t begin, end;  // bytes
};

// Every secret-looking span of `text`, in text order.
std::vector<SecretSpan> find_secrets(std::string_view text);

}  // namespace sasae

#include "core/passage.h"

#include "core/normalizer.h"
#include "core/utf8.h"

namespace sasae {

std::string make_passage(std::string_view prose, std::string_view code) {
    std::string joined(prose);
    if (!code.empty()) {
        if (!joined.empty()) joined += '\n';
        joined += code;
    }
    // Normalize a little more than is kept (NFKC can shrink text), then cut.
    const std::string_view head = utf8::truncate(joined, kMaxPassageBytes * 2);
    std::string text = normalize(head).text;
    if (text.size() <= kMaxPassageBytes) return text;
    std::string_view cut = utf8::truncate(text, kMaxPassageBytes);
    const std::size_t line_end = cut.rfind('\n');
    if (line_end != std::string_view::npos && line_end >= kMaxPassageBytes / 2) cut = cut.substr(0, line_end);
    return std::string(cut);
}

}  // namespace sasae

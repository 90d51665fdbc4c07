#include "core/utf8.h"

#include <utf8proc.h>

namespace sasae::utf8 {

int decode(std::string_view text, std::size_t pos, char32_t& cp) {
    utf8proc_int32_t c = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                              static_cast<utf8proc_ssize_t>(text.size() - pos), &c);
    if (n <= 0) return -1;
    cp = static_cast<char32_t>(c);
    return static_cast<int>(n);
}

std::optional<InvalidAt> find_invalid(std::string_view text) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < text.size();) {
        unsigned char b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            if (b == '\n') ++line;
            ++i;
            continue;
        }
        char32_t cp;
        int n = decode(text, i, cp);
        if (n < 0) return InvalidAt{i, line};
        i += static_cast<std::size_t>(n);
    }
    return std::nullopt;
}

void append(std::string& out, char32_t cp) {
    utf8proc_uint8_t buf[4];
    auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

std::size_t length(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        char32_t cp;
        int n = decode(text, i, cp);
        i += n > 0 ? static_cast<std::size_t>(n) : 1;
    }
    return count;
}

std::string_view truncate(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut);
}

}  // namespace sasae::utf8

#include "core/normalizer.h"

#include <cstdlib>
#include <utf8proc.h>

#include "core/utf8.h"

namespace sasae {
namespace {

// Characters NFKC leaves alone on their own: hiragana, katakana (not the half-width forms, not
// the spacing voiced marks ゛゜), ー, 、。「」『』 and the CJK unified ideographs. Most of a
// Japanese text is these, and they skip utf8proc unless a combining mark follows.
bool nfkc_stable(char32_t cp) {
    return (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC ||
           cp == 0x3001 || cp == 0x3002 || (cp >= 0x300C && cp <= 0x300F) || (cp >= 0x4E00 && cp <= 0x9FFF);
}

bool joins_previous(char32_t cp) {
    // Combining marks and the (half-width) voiced sound marks compose with the preceding
    // character under NFKC (ｶﾞ -> ガ), so they must be normalized together with it.
    if (cp == 0x3099 || cp == 0x309A || cp == 0xFF9E || cp == 0xFF9F) return true;
    if (cp < 0x300 || nfkc_stable(cp)) return false;
    return utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->combining_class != 0;
}

bool is_dash_lookalike(char32_t cp) {
    return (cp >= 0x2010 && cp <= 0x2013) || cp == 0x2212 || cp == 0xFE63;
}

void append_mapped(NormalizedText& out, std::string_view bytes, std::uint32_t origin) {
    out.text.append(bytes);
    out.origin.insert(out.origin.end(), bytes.size(), origin);
}

}  // namespace

NormalizedText normalize(std::string_view input) {
    NormalizedText out;
    out.text.reserve(input.size());
    out.origin.reserve(input.size() + 1);
    std::size_t i = 0;
    while (i < input.size()) {
        const auto start = static_cast<std::uint32_t>(i);
        unsigned char b = static_cast<unsigned char>(input[i]);
        if (b < 0x80 && (i + 1 >= input.size() || static_cast<unsigned char>(input[i + 1]) < 0x80)) {
            append_mapped(out, input.substr(i, 1), start);
            ++i;
            continue;
        }
        char32_t cp;
        int n = utf8::decode(input, i, cp);
        if (n < 0) {
            append_mapped(out, " ", start);
            ++i;
            continue;
        }
        std::size_t end = i + static_cast<std::size_t>(n);
        while (end < input.size()) {
            char32_t next;
            int m = utf8::decode(input, end, next);
            if (m < 0 || !joins_previous(next)) break;
            end += static_cast<std::size_t>(m);
        }
        if (nfkc_stable(cp) && end == i + static_cast<std::size_t>(n)) {
            append_mapped(out, input.substr(i, end - i), start);
            i = end;
            continue;
        }
        if (is_dash_lookalike(cp) && end == i + static_cast<std::size_t>(n)) {
            append_mapped(out, "-", start);
            i = end;
            continue;
        }
        utf8proc_uint8_t* mapped = nullptr;
        auto len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(input.data() + i),
                                static_cast<utf8proc_ssize_t>(end - i), &mapped,
                                static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                               UTF8PROC_COMPAT));
        if (len < 0) {
            append_mapped(out, " ", start);
        } else {
            append_mapped(out, std::string_view(reinterpret_cast<char*>(mapped), static_cast<std::size_t>(len)),
                          start);
        }
        std::free(mapped);
        i = end;
    }
    out.origin.push_back(static_cast<std::uint32_t>(input.size()));
    return out;
}

std::string lower_ascii(std::string_view text) {
    std::string s(text);
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string fold_case(std::string_view term) {
    bool ascii = true;
    for (char c : term) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii) return lower_ascii(term);
    utf8proc_uint8_t* mapped = nullptr;
    auto len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(term.data()),
                            static_cast<utf8proc_ssize_t>(term.size()), &mapped,
                            static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                           UTF8PROC_COMPAT | UTF8PROC_CASEFOLD));
    if (len < 0) return std::string(term);
    std::string s(reinterpret_cast<char*>(mapped), static_cast<std::size_t>(len));
    std::free(mapped);
    return s;
}

}  // namespace sasae

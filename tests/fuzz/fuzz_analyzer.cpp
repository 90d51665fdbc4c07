// Any bytes through the analyser; the token invariants the snippet code relies on must hold.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const sasae::Analyzer analyzer;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::uint32_t last_position = 0;
    for (const auto& t : analyzer.analyze(text)) {
        if (t.begin > t.end || t.end > size || t.term.empty() || t.position <= last_position) std::abort();
        for (const auto& g : sasae::character_bigrams(t.term))
            if (g.empty()) std::abort();
        last_position = t.position;
    }
    return 0;
}

#pragma once
// FNV-1a, 64 bit: a fast, stable hash for change detection and shortened terms (not for security).
#include <cstdint>
#include <string_view>

namespace sasae {

inline constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;

// Continues hashing `s` from `h`, so several pieces can be hashed as one.
inline std::uint64_t fnv1a(std::string_view s, std::uint64_t h = kFnvOffset) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

}  // namespace sasae

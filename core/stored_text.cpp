#include "core/stored_text.h"

#include <zlib.h>

#include <cstdint>
#include <stdexcept>

namespace sasae {
namespace {

// Layout: 'z', the text's length as 4 bytes little-endian, then the zlib stream.
constexpr char kMarker = 'z';
constexpr std::size_t kHeader = 5;
constexpr std::uint32_t kMaxLength = 64u << 20;  // ingestion refuses files over 8 MiB

}  // namespace

std::string pack_text(std::string_view text) {
    uLongf bound = compressBound(static_cast<uLong>(text.size()));
    std::string out(kHeader + bound, '\0');
    out[0] = kMarker;
    const auto n = static_cast<std::uint32_t>(text.size());
    for (int i = 0; i < 4; ++i) out[1 + i] = static_cast<char>((n >> (8 * i)) & 0xFF);
    // Level 1: nearly the ratio of the default for prose, at a fraction of the time.
    if (compress2(reinterpret_cast<Bytef*>(out.data() + kHeader), &bound, reinterpret_cast<const Bytef*>(text.data()),
                  static_cast<uLong>(text.size()), 1) != Z_OK)
        throw std::runtime_error("zlib could not compress a stored text");
    out.resize(kHeader + bound);
    return out;
}

std::optional<std::string> unpack_text(std::string_view packed) {
    if (packed.size() < kHeader || packed[0] != kMarker) return std::nullopt;
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(packed[1 + i])) << (8 * i);
    if (n > kMaxLength) return std::nullopt;
    std::string out(n, '\0');
    uLongf size = n;
    if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(packed.data() + kHeader),
                   static_cast<uLong>(packed.size() - kHeader)) != Z_OK ||
        size != n)
        return std::nullopt;
    return out;
}

}  // namespace sasae

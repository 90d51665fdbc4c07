#pragma once
// Large text kept in the index but rarely read (the Markdown source, read only by the document
// view) is stored deflated. The indexer compresses on its analysis threads, which have time to
// spare, so the single writer thread only copies a third of the bytes; and the index is that
// much smaller.
#include <optional>
#include <string>
#include <string_view>

namespace sasae {

std::string pack_text(std::string_view text);

// The text pack_text() made, or nothing when `packed` is not such a value (damaged, or written
// by something else).
std::optional<std::string> unpack_text(std::string_view packed);

}  // namespace sasae

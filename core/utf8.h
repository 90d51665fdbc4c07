#pragma once
// Small UTF-8 helpers shared by ingestion (validation with a line number) and analysis.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sasae::utf8 {

struct InvalidAt {
    std::size_t offset;  // byte offset of the first invalid sequence
    std::size_t line;    // 1-based line of that byte
};

// Returns where the first invalid UTF-8 sequence is, or nothing when the text is valid.
std::optional<InvalidAt> find_invalid(std::string_view text);

// Decodes one code point at `pos`; returns its byte length, or -1 for an invalid sequence.
int decode(std::string_view text, std::size_t pos, char32_t& cp);

void append(std::string& out, char32_t cp);

// Number of code points (invalid bytes count as one each).
std::size_t length(std::string_view text);

// Cuts `text` to at most `max_bytes` without splitting a code point.
std::string_view truncate(std::string_view text, std::size_t max_bytes);

}  // namespace sasae::utf8

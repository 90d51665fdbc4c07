#pragma once
// MeCab with one shared Model for the process and one Tagger + Lattice per thread
// (a Model is thread-safe, Taggers and Lattices are not).
#include <cstddef>
#include <functional>
#include <string_view>

namespace sasae {

struct Morpheme {
    std::string_view surface;
    std::size_t offset;            // byte offset of the surface within the parsed text
    std::string_view pos;          // 品詞 (e.g. 名詞)
    std::string_view pos_detail;   // 品詞細分類1 (e.g. 非自立)
    std::string_view base;         // 原形, or empty when the dictionary has none (unknown words)
};

class MecabTokenizer {
public:
    // The process-wide instance; throws std::runtime_error with MeCab's message when the
    // dictionary cannot be loaded or is not UTF-8.
    static const MecabTokenizer& shared();

    // Calls `emit` for every morpheme of `text` in order. Input longer than
    // kMaxChunkBytes is parsed in pieces cut at character boundaries.
    void parse(std::string_view text, const std::function<void(const Morpheme&)>& emit) const;

    static constexpr std::size_t kMaxChunkBytes = 3000;

private:
    MecabTokenizer();
    void parse_chunk(std::string_view text, std::size_t base_offset,
                     const std::function<void(const Morpheme&)>& emit) const;
    struct State;
    State* state_;
};

}  // namespace sasae

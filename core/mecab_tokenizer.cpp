#include "core/mecab_tokenizer.h"

#include <mecab.h>

#include <array>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "core/utf8.h"

namespace sasae {

struct MecabTokenizer::State {
    std::unique_ptr<MeCab::Model> model;
};

namespace {

std::string model_arguments() {
    // SASAE_MECAB_ARGS lets an operator point at another dictionary; the default is the
    // system mecabrc (mecab-ipadic-utf8 on Debian).
    if (const char* args = std::getenv("SASAE_MECAB_ARGS")) return args;
    return "";
}

struct ThreadTagger {
    std::unique_ptr<MeCab::Tagger> tagger;
    std::unique_ptr<MeCab::Lattice> lattice;
};

// Splits a CSV feature string into its first fields (IPADIC: pos,pos1,pos2,pos3,ctype,cform,base,...);
// reads no further than the seventh field (the rest, readings, can be long).
std::array<std::string_view, 7> split_features(const char* feature) {
    std::array<std::string_view, 7> fields{};
    std::size_t field = 0;
    const char* start = feature;
    for (const char* p = feature; field < fields.size(); ++p) {
        if (*p == ',' || *p == '\0') {
            fields[field++] = std::string_view(start, static_cast<std::size_t>(p - start));
            if (*p == '\0') break;
            start = p + 1;
        }
    }
    return fields;
}

}  // namespace

MecabTokenizer::MecabTokenizer() : state_(new State) {
    state_->model.reset(MeCab::createModel(model_arguments().c_str()));
    if (!state_->model) {
        throw std::runtime_error(std::string("MeCab could not load its dictionary: ") +
                                 MeCab::getLastError() +
                                 " (install mecab-ipadic-utf8, or set SASAE_MECAB_ARGS)");
    }
    const MeCab::DictionaryInfo* info = state_->model->dictionary_info();
    std::string charset = info && info->charset ? info->charset : "";
    for (char& c : charset) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (charset != "utf-8" && charset != "utf8") {
        throw std::runtime_error("MeCab dictionary charset is '" + charset +
                                 "', sasae needs a UTF-8 dictionary (mecab-ipadic-utf8)");
    }
}

const MecabTokenizer& MecabTokenizer::shared() {
    static const MecabTokenizer instance;
    return instance;
}

void MecabTokenizer::parse(std::string_view text, const std::function<void(const Morpheme&)>& emit) const {
    std::size_t offset = 0;
    while (offset < text.size()) {
        std::string_view chunk = utf8::truncate(text.substr(offset), kMaxChunkBytes);
        if (chunk.empty()) chunk = text.substr(offset, 1);  // a lone broken byte: never loop forever
        parse_chunk(chunk, offset, emit);
        offset += chunk.size();
    }
}

void MecabTokenizer::parse_chunk(std::string_view text, std::size_t base_offset,
                                 const std::function<void(const Morpheme&)>& emit) const {
    thread_local ThreadTagger local;
    if (!local.tagger) {
        local.tagger.reset(state_->model->createTagger());
        local.lattice.reset(state_->model->createLattice());
        if (!local.tagger || !local.lattice) throw std::runtime_error("MeCab could not create a tagger");
    }
    MeCab::Lattice* lattice = local.lattice.get();
    lattice->clear();
    lattice->set_sentence(text.data(), text.size());
    if (!local.tagger->parse(lattice)) {
        throw std::runtime_error(std::string("MeCab failed to parse: ") + lattice->what());
    }
    for (const MeCab::Node* node = lattice->bos_node(); node; node = node->next) {
        if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE || node->length == 0) continue;
        auto fields = split_features(node->feature);
        Morpheme m;
        m.surface = std::string_view(node->surface, node->length);
        m.offset = base_offset + static_cast<std::size_t>(node->surface - text.data());
        m.pos = fields[0];
        m.pos_detail = fields[1];
        m.base = fields[6] == "*" ? std::string_view() : fields[6];
        emit(m);
    }
}

}  // namespace sasae

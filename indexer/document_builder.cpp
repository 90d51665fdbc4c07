#include "indexer/document_builder.h"

#include <algorithm>

#include "core/facets.h"
#include "core/normalizer.h"
#include "core/passage.h"
#include "core/schema.h"
#include "core/secrets.h"
#include "core/stored_record.h"
#include "core/stored_text.h"
#include "core/utf8.h"

namespace sasae {
namespace {

constexpr std::size_t kMaxTermBytes = 200;

enum class SpellingFrom { Words, IdentifiersOnly };


// Words "did you mean" may propose: English words (from titles and headings) and camel-case
// error codes and API names (InsufficientInstanceCapacity, from anywhere in the text).
bool spelling_candidate(const Token& t, SpellingFrom from) {
    const bool alpha = std::all_of(t.term.begin(), t.term.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (!alpha) return false;
    if (t.kind == TokenKind::Word) return from == SpellingFrom::Words && t.term.size() >= 4 && t.term.size() <= 30;
    return t.kind == TokenKind::Identifier && t.term.size() >= 8 && t.term.size() <= 40;
}

class TermWriter {
public:
    TermWriter(Xapian::Document& doc, const Analyzer& analyzer) : doc_(doc), analyzer_(analyzer) {}

    // Indexes `text` positionally with `weight` (the field's importance) as the within-document
    // frequency of each occurrence; collects words for the spelling table when asked.
    void add_text(const std::string& text, int weight, std::vector<std::string>* spelling = nullptr,
                  SpellingFrom from = SpellingFrom::Words) {
        auto tokens = analyzer_.analyze(text);
        if (spelling)
            for (const auto& t : tokens)
                if (spelling_candidate(t, from) && std::find(spelling->begin(), spelling->end(), t.term) == spelling->end())
                    spelling->push_back(t.term);
        Xapian::termpos last = 0;
        for (const auto& t : tokens) {
            const Xapian::termpos pos = base_ + t.position;
            last = pos;
            // English words are indexed by their stem only (the query side searches stems), which
            // halves their postings; every other token by its term. Stopwords get no positions
            // (phrase queries step over them): a smaller position table, a faster writer.
            if (is_stopword_token(t))
                add_term(indexed_term(t), weight);
            else
                add_posting(indexed_term(t), pos, weight);
            // Phrases are matched on indexed terms only, so variants (identifier parts and their
            // stems, surface forms) need no positions: that keeps the position table small.
            for (const auto& v : t.variants) add_term(v, weight);
            // Katakana tokens get their bigrams through their compound, below.
            if (wants_bigrams(t) && !is_katakana_word(t.term))
                for (const auto& gram : character_bigrams(t.term)) add_term(std::string(schema::kGramPrefix) + gram, 1);
        }
        for (const auto& c : katakana_compounds(tokens))
            if (utf8::length(c.joined) >= 3)
                for (const auto& gram : character_bigrams(c.joined)) add_term(std::string(schema::kGramPrefix) + gram, 1);
        if (last) base_ = last + schema::kFieldGap;
    }

private:
    void add_posting(const std::string& term, Xapian::termpos pos, int weight) {
        if (term.empty() || term.size() > kMaxTermBytes) return;
        doc_.add_posting(term, pos, static_cast<Xapian::termcount>(weight));
    }
    void add_term(const std::string& term, int weight) {
        if (term.empty() || term.size() > kMaxTermBytes) return;
        doc_.add_term(term, static_cast<Xapian::termcount>(weight));
    }

    Xapian::Document& doc_;
    const Analyzer& analyzer_;
    Xapian::termpos base_ = 0;
};

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += schema::kListSeparator;
        out += s;
    }
    return out;
}

// The document's data: what a search hit shows, and no more, since every hit of every result
// page reads and parses it.
StoredRecord record_of(const SourceDocument& doc) {
    const auto& lang = doc.values("lang");
    return {doc.id, doc.source, doc.kind, doc.title, doc.url, doc.date, lang.empty() ? std::string() : lang.front(),
            doc.values("service"), doc.values("tag")};
}

// What only the document view needs (links, front matter).
StoredDetails details_of(const SourceDocument& doc) {
    StoredDetails d;
    for (const auto& l : doc.links) d.links.push_back({l.url, l.text});
    d.front_matter = doc.meta;
    return d;
}

}  // namespace

BuiltDocument build_document(const SourceDocument& doc, const Analyzer& analyzer, const std::string& content_hash) {
    BuiltDocument built;
    Xapian::Document& xdoc = built.document;
    xdoc.add_boolean_term(schema::id_term(doc.id));
    xdoc.add_boolean_term(schema::boolean_term(schema::kSourcePrefix, doc.source));
    std::string facet_words;  // values that are what a note is about even when its text never names them
    for (const Facet& facet : facets()) {
        const auto& values = doc.values(facet.name);
        for (const auto& v : values) xdoc.add_boolean_term(schema::boolean_term(facet.prefix, fold_case(v)));
        if (facet.counted()) xdoc.add_value(facet.slot, joined(values));
        if (facet.indexed_as_text) facet_words += joined(values) + "\n";
    }
    if (!doc.url.empty()) xdoc.add_boolean_term(schema::boolean_term(schema::kUrlPrefix, schema::normalize_url(doc.url)));
    for (const auto& l : doc.links) xdoc.add_boolean_term(schema::boolean_term(schema::kLinkPrefix, l.url));

    TermWriter writer(xdoc, analyzer);
    writer.add_text(doc.title, schema::kTitleWeight, &built.spelling_words);
    for (const auto& h : doc.headings) writer.add_text(h, schema::kHeadingWeight, &built.spelling_words);
    writer.add_text(facet_words, schema::kHeadingWeight);
    // Body and code give the spelling table their identifiers only: prose words are too many.
    writer.add_text(doc.prose, schema::kBodyWeight, &built.spelling_identifiers, SpellingFrom::IdentifiersOnly);
    writer.add_text(doc.code, schema::kBodyWeight, &built.spelling_identifiers, SpellingFrom::IdentifiersOnly);

    xdoc.add_value(schema::kDateSlot, doc.date);
    xdoc.add_value(schema::kHashSlot, content_hash);
    xdoc.add_value(schema::kMarkdownSlot, pack_text(doc.markdown));
    // Snippets are cut from the passage: a key pasted into a note is never shown in one.
    xdoc.add_value(schema::kPassageSlot, make_passage(mask_secrets(doc.prose), mask_secrets(doc.code)));
    xdoc.add_value(schema::kDetailsSlot, encode_details(details_of(doc)));
    xdoc.set_data(encode_record(record_of(doc)));
    return built;
}

}  // namespace sasae

#include "server/spelling.h"

#include <algorithm>

#include "core/normalizer.h"

namespace sasae {
namespace {

bool known(const Xapian::Database& db, const std::string& lower) {
    return db.get_termfreq(stem_term(lower)) > 0 || db.get_termfreq(lower) > 0;
}

// A camel-case identifier with a typo in one of its words (InsufficentInstanceCapacity):
// correcting just its rare words costs a fraction of a spelling search for all its letters
// (Xapian's grows with the length of the word), and the mended identifier counts only when the
// index holds it. Empty when that does not work out.
std::string mend_identifier(const Xapian::Database& db, const Analyzer& analyzer, const std::string& word,
                            const std::string& lower) {
    const auto tokens = analyzer.analyze(word);
    if (tokens.size() != 1 || tokens.front().kind != TokenKind::Identifier) return {};
    std::vector<std::string> parts;
    for (const auto& v : tokens.front().variants)
        if (!v.empty() && v.front() != 'Z') parts.push_back(v);  // stems start with Z
    std::string joined;
    for (const auto& p : parts) joined += p;
    if (parts.size() < 2 || joined != lower) return {};
    std::string mended;
    bool changed = false;
    for (const auto& p : parts) {
        // A part the index has (identifier parts are indexed whole as well) in fewer than
        // three documents may be the typo itself, copied into a note or two; a stem would
        // hide it altogether (insufficent and insufficient share "insuffic").
        std::string fixed;
        if (p.size() >= 4 && db.get_termfreq(p) < 3) fixed = db.get_spelling_suggestion(p, 2);
        changed = changed || !fixed.empty();
        mended += fixed.empty() ? p : fixed;
    }
    return changed && db.get_termfreq(mended) > 0 ? mended : std::string();
}

}  // namespace

std::string spelling_suggestion(const Xapian::Database& db, const Analyzer& analyzer, const std::vector<std::string>& words) {
    std::string corrected;
    bool changed = false;
    for (const auto& w : words) {
        std::string fixed;
        const bool ascii_word = w.size() >= 4 && std::all_of(w.begin(), w.end(), [](char c) {
                                    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                                });
        if (ascii_word) {
            const std::string lower = fold_case(w);
            // A word the index knows is not misspelt: English words are indexed by stem,
            // identifiers (PostRuntimeExtensionsDuration) whole.
            if (!known(db, lower)) {
                fixed = mend_identifier(db, analyzer, w, lower);
                if (fixed.empty()) fixed = db.get_spelling_suggestion(lower, 2);
            }
        }
        if (!fixed.empty()) changed = true;
        corrected += (corrected.empty() ? "" : " ") + (fixed.empty() ? w : fixed);
    }
    return changed ? corrected : std::string();
}

}  // namespace sasae

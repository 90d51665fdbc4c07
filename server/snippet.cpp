#include "server/snippet.h"

#include <algorithm>
#include <set>
#include <vector>

#include "core/normalizer.h"
#include "core/utf8.h"

namespace sasae {
namespace {

struct Match {
    std::uint32_t begin, end;
    std::string term;
};

// The highest-weighted query term this document token stands for, if any.
bool token_matches(const Token& t, const HighlightTerms& terms, std::string& which) {
    double best = 0;
    auto consider = [&](const std::string& term) {
        auto it = terms.find(term);
        if (it != terms.end() && it->second > best) {
            best = it->second;
            which = term;
        }
    };
    consider(t.term);
    if (!t.stem.empty()) consider(t.stem);
    for (const auto& v : t.variants) consider(v);
    return best > 0;
}

// Moves `pos` back to the start of a UTF-8 character.
std::size_t char_start(std::string_view s, std::size_t pos) {
    while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
    return pos;
}

void append_plain(std::string& out, std::string_view text) {
    for (char c : text) out += (c == '\n' || c == '\t') ? ' ' : c;
}

// Short prefixes of the terms' likely spellings. A chunk whose normalized, lower-cased text
// holds none of them cannot match, and is not worth running MeCab over.
std::vector<std::string> probes_for(const HighlightTerms& terms) {
    std::vector<std::string> probes;
    for (const auto& [term, weight] : terms) {
        std::string_view t = term;
        if (!t.empty() && t[0] == 'Z') t.remove_prefix(1);  // a stem: its word starts the same way
        if (t.empty()) continue;
        // Four ASCII letters, or two characters of Japanese (one would be in every chunk).
        unsigned char lead = static_cast<unsigned char>(t[0]);
        std::size_t n = lead < 0x80 ? 4 : 2 * (lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2);
        probes.emplace_back(utf8::truncate(t, std::min(n, t.size())));
    }
    return probes;
}

bool might_match(std::string_view chunk, const std::vector<std::string>& probes) {
    // The chunk in the form terms have: NFKC, folded case, katakana without ー and with full-size
    // vowels (see fold_katakana_variants), so サーバー in the text meets the term サバ.
    const std::string text = fold_katakana_marks(fold_case(normalize(chunk).text), true);
    for (const auto& p : probes)
        if (text.find(p) != std::string::npos) return true;
    return false;
}

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string make_snippet(std::string_view text, const HighlightTerms& terms, const Analyzer& analyzer,
                         const SnippetOptions& options) {
    text = utf8::truncate(text, options.max_scan_bytes);
    std::vector<Match> matches;
    if (!terms.empty()) {
        // Analyse paragraph-sized chunks, skip those that cannot match, and stop once one chunk
        // has shown every typed term or a few have shown some: long documents (AWS guides run
        // to tens of KB) need not be analysed to the end for a good passage.
        double typed_total = 0;
        for (const auto& [term, weight] : terms) typed_total += weight >= 1.0 ? weight : 0.0;
        const std::vector<std::string> probes = probes_for(terms);
        std::string which;
        std::size_t chunk_start = 0, chunks_with_matches = 0;
        while (chunk_start < text.size()) {
            std::size_t chunk_end = text.find('\n', std::min(text.size(), chunk_start + options.chunk_bytes));
            chunk_end = chunk_end == std::string_view::npos ? text.size() : chunk_end + 1;
            std::set<std::string> seen;
            double chunk_weight = 0;
            const std::string_view chunk = text.substr(chunk_start, chunk_end - chunk_start);
            if (!might_match(chunk, probes)) {
                chunk_start = chunk_end;
                continue;
            }
            for (const auto& t : analyzer.analyze(chunk)) {
                if (!token_matches(t, terms, which)) continue;
                matches.push_back({static_cast<std::uint32_t>(t.begin + chunk_start),
                                   static_cast<std::uint32_t>(t.end + chunk_start), which});
                if (seen.insert(which).second && terms.at(which) >= 1.0) chunk_weight += terms.at(which);
            }
            chunk_start = chunk_end;
            if (chunk_weight > 0) ++chunks_with_matches;
            if ((typed_total > 0 && chunk_weight >= typed_total) || chunks_with_matches >= options.max_matching_chunks) break;
        }
    }
    // The window starting at a match whose distinct terms weigh most (then the most matches).
    std::size_t best_start = 0, best_count = 0;
    double best_weight = 0;
    for (std::size_t i = 0; i < matches.size(); ++i) {
        std::set<std::string> distinct;
        std::size_t count = 0;
        double weight = 0;
        for (std::size_t j = i; j < matches.size() && matches[j].end <= matches[i].begin + options.window_bytes; ++j) {
            if (distinct.insert(matches[j].term).second) weight += terms.at(matches[j].term);
            ++count;
        }
        if (weight > best_weight || (weight == best_weight && count > best_count)) {
            best_weight = weight;
            best_count = count;
            best_start = matches[i].begin;
        }
    }
    std::size_t start = matches.empty() ? 0 : char_start(text, best_start > options.lead_bytes ? best_start - options.lead_bytes : 0);
    // Prefer to begin at a line or sentence start inside the lead.
    if (!matches.empty()) {
        std::size_t nl = text.rfind('\n', best_start);
        if (nl != std::string_view::npos && nl + 1 >= start) start = nl + 1;
    }
    std::size_t end = char_start(text, std::min(text.size(), start + options.window_bytes));
    if (end < text.size() && end <= start) end = text.size();

    std::string out;
    if (start > 0) out += "…";
    std::size_t pos = start;
    for (const auto& m : matches) {
        if (m.begin < pos || m.end > end) continue;
        append_plain(out, html_escape(text.substr(pos, m.begin - pos)));
        out += "<mark>";
        out += html_escape(text.substr(m.begin, m.end - m.begin));
        out += "</mark>";
        pos = m.end;
    }
    append_plain(out, html_escape(text.substr(pos, end - pos)));
    if (end < text.size()) out += "…";
    return out;
}

}  // namespace sasae

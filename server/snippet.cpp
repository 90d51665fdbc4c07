#include "server/snippet.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "core/utf8.h"
#include "server/passage_terms.h"
#include "server/snippet_probes.h"

namespace sasae {
namespace {

// Weights in thousandths, so sums over a sliding window add and subtract exactly.
std::vector<long> term_weights(const HighlightTerms& terms) {
    std::vector<long> w;
    for (const auto& [term, weight] : terms) w.push_back(std::lround(weight * 1000));
    return w;
}

// The highest-weighted query term this document token stands for, if any.
std::optional<std::uint32_t> token_matches(const Token& t, const HighlightTerms& terms) {
    auto best = terms.end();
    auto consider = [&](const std::string& term) {
        auto it = terms.find(term);
        if (it != terms.end() && (best == terms.end() || it->second > best->second)) best = it;
    };
    consider(t.term);
    if (!t.stem.empty()) consider(t.stem);
    for (const auto& v : t.variants) consider(v);
    if (best == terms.end()) return std::nullopt;
    return static_cast<std::uint32_t>(std::distance(terms.begin(), best));
}

// Moves `pos` back to the start of a UTF-8 character.
std::size_t char_start(std::string_view s, std::size_t pos) {
    while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
    return pos;
}

// `text` HTML-escaped onto `out`; with `one_line`, line breaks and tabs as spaces.
void append_html(std::string& out, std::string_view text, bool one_line) {
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            case '\n':
            case '\t': out += one_line ? ' ' : c; break;
            default: out += c;
        }
    }
}

// A snippet is one line.
void append_plain(std::string& out, std::string_view text) { append_html(out, text, true); }

struct Window {
    std::size_t start = 0;  // offset of its first match
    long weight = 0;        // distinct terms' weights
    std::size_t count = 0;  // matches
};

// The windows starting at a match whose following `window_bytes` hold the heaviest set of
// distinct terms (then the most matches), best first; windows overlapping a better one are
// left out. `matches` are in text order.
std::vector<Window> best_windows(const std::vector<TermSpan>& matches, const std::vector<long>& weights,
                                 std::size_t window_bytes, std::size_t how_many) {
    std::vector<Window> all;
    all.reserve(matches.size());
    std::vector<std::uint32_t> in_window(weights.size(), 0);
    long weight = 0;
    std::size_t j = 0;
    for (std::size_t i = 0; i < matches.size(); ++i) {
        for (; j < matches.size() && matches[j].end <= matches[i].begin + window_bytes; ++j)
            if (in_window[matches[j].term]++ == 0) weight += weights[matches[j].term];
        all.push_back({matches[i].begin, weight, j - i});
        if (j > i && --in_window[matches[i].term] == 0) weight -= weights[matches[i].term];
        if (j == i) ++j;  // a match longer than the window: a window of its own, empty after it
    }
    std::stable_sort(all.begin(), all.end(), [](const Window& a, const Window& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.count > b.count;
    });
    std::vector<Window> chosen;
    for (const auto& w : all) {
        if (chosen.size() == how_many) break;
        bool overlaps = std::any_of(chosen.begin(), chosen.end(), [&](const Window& c) {
            return w.start < c.start + window_bytes && c.start < w.start + window_bytes;
        });
        if (!overlaps) chosen.push_back(w);
    }
    return chosen;
}

bool is_ideographic_stop(std::string_view text, std::size_t i) {  // 、 or 。 starting at byte i
    return i + 2 < text.size() && text[i] == '\xE3' && text[i + 1] == '\x80' && (text[i + 2] == '\x81' || text[i + 2] == '\x82');
}

// A line, word or clause break ends at byte i.
bool is_break(std::string_view text, std::size_t i) {
    const char c = text[i];
    if (c == '\n' || c == ' ' || c == '\t') return true;
    return i >= 2 && is_ideographic_stop(text, i - 2);
}

// The text around a candidate window that the analyser reads: widened to a line, sentence or
// word break nearby so no token is cut in two (a cut token would analyse differently).
std::pair<std::size_t, std::size_t> analysis_region(std::string_view text, std::size_t start, const SnippetOptions& o) {
    constexpr std::size_t kSlack = 24;
    std::size_t lo = start > o.lead_bytes + kSlack ? start - o.lead_bytes - kSlack : 0;
    std::size_t begin = lo;
    if (lo > 0) {
        begin = char_start(text, lo);
        for (std::size_t i = start > o.lead_bytes ? start - o.lead_bytes : 0; i > lo; --i)
            if (is_break(text, i - 1)) {
                begin = i;
                break;
            }
    }
    std::size_t end = std::min(text.size(), start + o.window_bytes + kSlack);
    if (end < text.size()) {
        std::size_t i = std::min(text.size(), start + o.window_bytes);
        while (i < end && !is_break(text, i)) ++i;
        end = char_start(text, i);
    }
    return {begin, end};
}

struct Verified {
    std::vector<TermSpan> matches;
    Window window;
};

// The matches of a passage with the window a snippet shows (the best one, when any).
Verified with_best_window(std::vector<TermSpan> matches, const std::vector<long>& weights, std::size_t window_bytes) {
    Verified v;
    v.matches = std::move(matches);
    auto windows = best_windows(v.matches, weights, window_bytes, 1);
    if (!windows.empty()) v.window = windows.front();
    return v;
}

// A clause break: a line end, 。 or 、. MeCab reads a clause much as it reads it in context.
bool clause_starts_at(std::string_view text, std::size_t i) {
    return i == 0 || text[i - 1] == '\n' || (i >= 3 && is_ideographic_stop(text, i - 3));
}
bool clause_ends_at(std::string_view text, std::size_t i) {
    return i >= text.size() || text[i] == '\n' || is_ideographic_stop(text, i);
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool all_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// The text around a probe hit that the analyser reads: the ASCII word it is in when that word
// has no Japanese in it (there is no MeCab context to keep, and identifiers hold no blanks), so
// an English line is not analysed whole for one word of it; otherwise the whole clause.
std::pair<std::size_t, std::size_t> text_to_check(std::string_view text, std::size_t begin, std::size_t end,
                                                  const TermSpan& hit) {
    std::size_t b = hit.begin, e = hit.end;
    while (b > begin && !clause_starts_at(text, b) && !is_blank(text[b - 1])) --b;
    while (e < end && !clause_ends_at(text, e) && !is_blank(text[e])) ++e;
    if (all_ascii(text.substr(b, e - b))) return {b, e};
    while (b > begin && !clause_starts_at(text, b)) --b;
    while (e < end && !clause_ends_at(text, e)) ++e;
    return {char_start(text, b), e};
}

// The parts of [begin, end) the analyser reads: the words or clauses holding a probe hit
// (merged when they touch), or all of it when no hit falls inside. A typical passage of 300
// bytes holds its matches in a few words or a clause or two, so most of it is not analysed.
std::vector<std::pair<std::size_t, std::size_t>> clauses_to_check(std::string_view text, std::size_t begin, std::size_t end,
                                                                  const std::vector<TermSpan>& hits) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (const auto& h : hits) {
        if (h.begin < begin || h.end > end) continue;
        auto [b, e] = text_to_check(text, begin, end, h);
        e = std::min(end, e);
        if (!spans.empty() && b <= spans.back().second)
            spans.back().second = std::max(spans.back().second, e);
        else
            spans.emplace_back(b, e);
    }
    if (spans.empty()) spans.emplace_back(begin, end);
    return spans;
}

Verified verify(std::string_view text, std::size_t start, const std::vector<TermSpan>& hits, const HighlightTerms& terms,
                const std::vector<long>& weights, const Analyzer& analyzer, Analyzer::Scripts scripts,
                const SnippetOptions& o) {
    auto [begin, end] = analysis_region(text, start, o);
    std::vector<TermSpan> matches;
    for (const auto& [b, e] : clauses_to_check(text, begin, end, hits))
        for (const auto& t : analyzer.analyze(text.substr(b, e - b), scripts))
            if (auto which = token_matches(t, terms))
                matches.push_back({static_cast<std::uint32_t>(t.begin + b), static_cast<std::uint32_t>(t.end + b), *which});
    return with_best_window(std::move(matches), weights, o.window_bytes);
}

// Every place of an analysed passage (within its first `size` bytes) standing for a query
// term, in text order; where a token stands for several, the heaviest (as token_matches picks).
// Each term's places are in text order already, so the lists with places are merged: by a
// scan of them for each place while they are few (most passages hold a handful of a query's
// terms), by a heap when a query with synonyms finds many (thirty terms and more, some with a
// hundred places, where the scan was a large part of the query's time).
std::vector<TermSpan> looked_up_matches(const PassageTerms& passage, const std::vector<std::uint64_t>& term_hashes,
                                        const std::vector<long>& weights, std::size_t size) {
    struct List {
        PassageTerms::Places places;
        std::uint32_t term;
    };
    std::vector<List> lists;
    for (std::uint32_t id = 0; id < term_hashes.size(); ++id)
        if (auto places = passage.find(term_hashes[id]); places.first != places.last) lists.push_back({places, id});
    // Whether list a's next place comes after list b's (earliest first, then the heaviest term).
    auto after = [&](const List& a, const List& b) {
        const auto pa = a.places.first->begin, pb = b.places.first->begin;
        if (pa != pb) return pa > pb;
        return weights[a.term] != weights[b.term] ? weights[a.term] < weights[b.term] : a.term > b.term;
    };
    constexpr std::size_t kScanAtMost = 8;
    const bool use_heap = lists.size() > kScanAtMost;
    if (use_heap) std::make_heap(lists.begin(), lists.end(), after);
    std::vector<TermSpan> matches;
    while (!lists.empty()) {
        std::size_t next = 0;
        if (use_heap) {
            std::pop_heap(lists.begin(), lists.end(), after);
            next = lists.size() - 1;
        } else {
            for (std::size_t k = 1; k < lists.size(); ++k)
                if (after(lists[next], lists[k])) next = k;
        }
        List& l = lists[next];
        const PassageTerms::Span span = *l.places.first++;
        const std::uint32_t term = l.term;
        if (l.places.first == l.places.last)
            lists.erase(lists.begin() + static_cast<std::ptrdiff_t>(next));
        else if (use_heap)
            std::push_heap(lists.begin(), lists.end(), after);
        if (span.end > size) continue;
        if (!matches.empty() && matches.back().begin == span.begin) continue;  // a lighter term at the same place
        matches.push_back({span.begin, span.end, term});
    }
    return matches;
}

std::string render(std::string_view text, const Verified& v, const SnippetOptions& o) {
    const auto& matches = v.matches;
    const std::size_t best_start = v.window.start;
    std::size_t start = matches.empty() ? 0 : char_start(text, best_start > o.lead_bytes ? best_start - o.lead_bytes : 0);
    // Prefer to begin at a line start inside the lead.
    if (!matches.empty()) {
        std::size_t nl = text.rfind('\n', best_start);
        if (nl != std::string_view::npos && nl + 1 >= start) start = nl + 1;
    }
    std::size_t end = char_start(text, std::min(text.size(), start + o.window_bytes));
    if (end < text.size() && end <= start) end = text.size();

    std::string out;
    if (start > 0) out += "…";
    std::size_t pos = start;
    for (const auto& m : matches) {
        if (m.begin < pos || m.end > end) continue;
        append_plain(out, text.substr(pos, m.begin - pos));
        out += "<mark>";
        append_plain(out, text.substr(m.begin, m.end - m.begin));
        out += "</mark>";
        pos = m.end;
    }
    append_plain(out, text.substr(pos, end - pos));
    if (end < text.size()) out += "…";
    return out;
}

}  // namespace

SnippetMaker::SnippetMaker(const HighlightTerms& terms, const Analyzer& analyzer, const SnippetOptions& options)
    : terms_(terms),
      analyzer_(analyzer),
      options_(options),
      probes_(std::make_unique<const ProbeSet>(terms, term_weights(terms))),
      // Terms all in ASCII cannot be Japanese tokens: the Japanese text around them needs no MeCab.
      scripts_(std::all_of(terms.begin(), terms.end(),
                           [](const auto& t) {
                               return std::all_of(t.first.begin(), t.first.end(),
                                                  [](char c) { return static_cast<unsigned char>(c) < 0x80; });
                           })
                   ? Analyzer::Scripts::NonJapanese
                   : Analyzer::Scripts::All) {
    for (const auto& entry : terms) term_hashes_.push_back(PassageTerms::hash(entry.first));
}

SnippetMaker::~SnippetMaker() = default;

std::string SnippetMaker::operator()(std::string_view text) const {
    text = utf8::truncate(text, options_.max_scan_bytes);
    if (terms_.empty()) return render(text, {}, options_);
    return probe_and_check(text);
}

std::string SnippetMaker::operator()(const PreparedPassage& passage) const {
    if (!passage.terms) return (*this)(passage.text);
    const std::string_view text = utf8::truncate(passage.text, options_.max_scan_bytes);
    return render(text,
                  with_best_window(looked_up_matches(*passage.terms, term_hashes_, probes_->weights(), text.size()),
                                   probes_->weights(), options_.window_bytes),
                  options_);
}

std::string SnippetMaker::probe_and_check(std::string_view text) const {
    // Probe hits suggest a few passages; the analyser confirms each (a probe can be a false
    // friend: "instan" of instant for instances) and the one with the heaviest confirmed terms wins.
    // With no probe hit at all (a match through the title, a synonym's other spelling), the
    // opening passage is analysed, so matches the probes cannot see are still marked.
    const std::vector<long>& weights = probes_->weights();
    const std::vector<TermSpan> hits = probes_->hits(text, options_.max_probe_hits);
    std::vector<Window> candidates = best_windows(hits, weights, options_.window_bytes, options_.candidates);
    if (candidates.empty()) candidates.push_back({});
    Verified best;
    for (const auto& c : candidates) {
        Verified v = verify(text, c.start, hits, terms_, weights, analyzer_, scripts_, options_);
        if (v.window.weight > best.window.weight ||
            (v.window.weight == best.window.weight && v.window.count > best.window.count))
            best = std::move(v);
        // Probe hits over-promise (every match is a probe hit, not every probe hit a match), so
        // a candidate promising no more than the best confirmed passage is not worth analysing.
        if (&c != &candidates.back() && (&c + 1)->weight <= best.window.weight) break;
    }
    return render(text, best, options_);
}

std::string make_snippet(std::string_view text, const HighlightTerms& terms, const Analyzer& analyzer,
                         const SnippetOptions& options) {
    return SnippetMaker(terms, analyzer, options)(text);
}

}  // namespace sasae

#include "core/secrets.h"

#include <algorithm>
#include <cctype>

namespace sasae {
namespace {

bool is_access_key(std::string_view w) {
    if (w.size() != 20) return false;
    if (w.substr(0, 4) != "AKIA" && w.substr(0, 4) != "ASIA") return false;
    return std::all_of(w.begin(), w.end(), [](char c) {
        return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
    });
}

// CamelCase words of five letters or more (Agent, Parameter): a logical id of CloudFormation
// (AgentCoreMastraX402GeminiApiKeyParameter) has several, a random key seldom one.
std::size_t capitalised_words(std::string_view w) {
    std::size_t words = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (!std::isupper(static_cast<unsigned char>(w[i]))) continue;
        std::size_t j = i + 1;
        while (j < w.size() && std::islower(static_cast<unsigned char>(w[j]))) ++j;
        if (j - i >= 5) ++words;
        i = j - 1;
    }
    return words;
}

// 40 characters of base64 with mixed case and a digit: how secret access keys look (unless
// it reads as words).
bool looks_like_secret_key(std::string_view w) {
    if (w.size() != 40) return false;
    bool upper = false, lower = false, digit = false;
    for (char c : w) {
        if (std::isupper(static_cast<unsigned char>(c))) upper = true;
        else if (std::islower(static_cast<unsigned char>(c))) lower = true;
        else if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
        else if (c != '/' && c != '+') return false;
    }
    return upper && lower && digit && capitalised_words(w) < 3;
}

// ASCII words as identifiers and keys are written: letters, digits and -_:/.+=, without a
// trailing '.', ':' or '/'.
bool inside_word(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '/' || c == '.' ||
           c == '+' || c == '=';
}

constexpr std::size_t kMaxKeyBlockBytes = 16 * 1024;

bool is_key_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=' || c == ' ' || c == '.';
}

}  // namespace

std::vector<SecretSpan> find_secrets(std::string_view text) {
    std::vector<SecretSpan> out;
    for (std::size_t i = 0; i < text.size();) {
        if (!inside_word(text[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (i < text.size() && inside_word(text[i])) ++i;
        std::size_t end = i;
        while (end > start && (text[end - 1] == '.' || text[end - 1] == ':' || text[end - 1] == '/')) --end;
        const std::string_view word = text.substr(start, end - start);
        if (is_access_key(word) || looks_like_secret_key(word)) out.push_back({start, end});
    }
    // A private key block: from its BEGIN line to its END line, or to the end of the key's
    // lines when the END line was not pasted.
    for (std::size_t at = text.find("-----BEGIN"); at != std::string_view::npos; at = text.find("-----BEGIN", at + 1)) {
        std::size_t line_end = std::min(text.find('\n', at), text.size());
        if (text.substr(at, line_end - at).find("PRIVATE KEY") == std::string_view::npos) continue;
        std::size_t end = line_end;
        const std::size_t close = text.find("-----END", line_end);
        if (close != std::string_view::npos && close - line_end < kMaxKeyBlockBytes) {
            end = std::min(text.find('\n', close), text.size());
        } else {
            while (end < text.size()) {  // the base64 lines that follow
                const std::size_t next = std::min(text.find('\n', end + 1), text.size());
                const std::string_view line = text.substr(end + 1, next - end - 1);
                if (line.empty() || !std::all_of(line.begin(), line.end(), is_key_char)) break;
                end = next;
            }
        }
        out.push_back({at, end});
        at = end;
    }
    std::sort(out.begin(), out.end(), [](const SecretSpan& a, const SecretSpan& b) { return a.begin < b.begin; });
    return out;
}

std::string mask_secrets(std::string_view text) {
    std::string out(text);
    for (const auto& s : find_secrets(text))
        for (std::size_t i = s.begin + 4; i < s.end; ++i) out[i] = '*';
    return out;
}

}  // namespace sasae

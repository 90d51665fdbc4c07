#pragma once
// The HTTP surface: one route table; handlers parse and validate, call a service, render JSON.
#include <string>

namespace httplib {
class Server;
}

namespace sasae {

class IndexReader;
class AnalyticsStore;
class MasterProbe;

struct HttpConfig {
    std::string web_root;
    bool access_log = true;
    long stale_after_seconds = 0;  // /healthz says degraded when the index is older (0: never)
    std::string api_token;         // when set, /api/* needs "Authorization: Bearer <token>"
    std::string inbox_dir;         // when set, POST /api/notes writes notes there (needs api_token)
    AnalyticsStore* analytics = nullptr;  // usage analytics; null when off
    const MasterProbe* master = nullptr;  // a replica's master (--replica-of); null otherwise
};

// Payload limit at the socket: generous for JSON escaping of a 64 KiB draft; the draft
// limit itself is checked after parsing (413 with the contract's error shape).
inline constexpr std::size_t kMaxRequestBodyBytes = 512 * 1024;

void install_routes(httplib::Server& server, const IndexReader& reader, const HttpConfig& config);

// Compares in time that depends only on the lengths, so the token cannot be guessed byte by
// byte from response times.
bool constant_time_equals(const std::string& a, const std::string& b);

// The token from a token file: its first line, without surrounding whitespace. Throws
// std::runtime_error when the file cannot be read or the token is shorter than 16 characters.
std::string read_token_file(const std::string& path);

}  // namespace sasae

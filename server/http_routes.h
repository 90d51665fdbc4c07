#pragma once
// The HTTP surface: one route table; handlers parse and validate, call a service, render JSON.
#include <string>

namespace httplib {
class Server;
}

namespace sasae {

class IndexReader;

struct HttpConfig {
    std::string web_root;
    bool access_log = true;
    long stale_after_seconds = 0;  // /healthz says degraded when the index is older (0: never)
};

// Payload limit at the socket: generous for JSON escaping of a 64 KiB draft; the draft
// limit itself is checked after parsing (413 with the contract's error shape).
inline constexpr std::size_t kMaxRequestBodyBytes = 512 * 1024;

void install_routes(httplib::Server& server, const IndexReader& reader, const HttpConfig& config);

}  // namespace sasae

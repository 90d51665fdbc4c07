// sasae-server: serves the search API and the page from web/.
#include <CLI/CLI.hpp>
#include <httplib.h>

#include <csignal>
#include <memory>
#include <cstdlib>
#include <cstdio>
#include <thread>

#include "core/usage_history.h"
#include "server/analytics_store.h"
#include "server/http_routes.h"
#include "server/index_reader.h"
#include "server/master_probe.h"

namespace {
httplib::Server* g_server = nullptr;
void stop(int) {
    if (g_server) g_server->stop();
}
}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"sasae-server: search API and page for a sasae index"};
    std::vector<std::string> db_paths;
    std::string host = "127.0.0.1";
    sasae::HttpConfig config;
    config.web_root = "web";
    int port = 8080;
    // cpp-httplib gives each open connection a worker for as long as it stays open, and a
    // browser keeps several idle keep-alive connections: the pool must be larger than the
    // number of connections clients hold, not the number of cores.
    unsigned threads = std::max(32u, 8 * std::thread::hardware_concurrency());
    bool quiet = false;
    app.add_option("--db", db_paths,
                   "index directory written by sasae-index (or a replica of one); given several times, or as a Xapian "
                   "stub file of 'auto PATH' and 'remote HOST:PORT' lines (xapian-tcpsrv), the indexes are searched as "
                   "one (docs/operations.md)")
        ->required()
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--web", config.web_root, "folder with the page (index.html)");
    app.add_option("--host", host, "address to bind (default 127.0.0.1: local only)");
    app.add_option("--port", port, "port (0 picks a free one and prints it)")->check(CLI::Range(0, 65535));
    app.add_option("--threads", threads, "worker threads")->check(CLI::Range(1, 256));
    app.add_flag("--no-access-log", quiet, "do not log each request");
    std::size_t cache_mb = sasae::kDefaultHitCacheBytes >> 20;
    app.add_option("--cache-mb", cache_mb,
                   "memory for documents' stored hit fields and snippet passages, per index revision (0: none)")
        ->check(CLI::Range(0, 1 << 20));
    app.add_option("--stale-after", config.stale_after_seconds,
                   "seconds after the last reindex when /healthz reports degraded (0: never)")
        ->check(CLI::NonNegativeNumber);
    std::string replica_of;
    app.add_option("--replica-of", replica_of,
                   "on a read replica: the master's sasae-server (http://HOST:PORT), whose /healthz tells this "
                   "one's /healthz how many revisions and seconds it is behind");
    std::string token_file;
    app.add_option("--token-file", token_file,
                   "require this API token (first line of the file) as 'Authorization: Bearer <token>' on /api/*; "
                   "SASAE_API_TOKEN does the same");
    app.add_option("--inbox", config.inbox_dir,
                   "accept notes saved from the page (POST /api/notes) into this folder; needs an API token; "
                   "index the folder as a content root to make them searchable");
    std::string analytics_path;
    bool no_analytics = false;
    int retention_days = 90;
    app.add_option("--analytics", analytics_path,
                   "SQLite file for usage analytics (searches, opened results, cited and rated suggestions; "
                   "identifiers masked); default: next to the index, DB.analytics.sqlite");
    app.add_flag("--no-analytics", no_analytics, "record no usage analytics");
    app.add_option("--analytics-retention-days", retention_days, "days analytics rows are kept (default 90)")
        ->check(CLI::Range(1, 3650));
    CLI11_PARSE(app, argc, argv);
    config.access_log = !quiet;
    try {
        if (!token_file.empty()) config.api_token = sasae::read_token_file(token_file);
        else if (const char* env = std::getenv("SASAE_API_TOKEN"); env && *env) config.api_token = env;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sasae-server: %s\n", e.what());
        return 2;
    }
    if (!config.inbox_dir.empty() && config.api_token.empty()) {
        std::fprintf(stderr, "sasae-server: --inbox needs an API token (--token-file): it writes files on this machine\n");
        return 2;
    }
    if (host != "127.0.0.1" && host != "localhost" && host != "::1" && config.api_token.empty())
        std::fprintf(stderr, "sasae-server: warning: listening on %s without an API token (--token-file)\n", host.c_str());

    // Analytics that cannot be opened (a read-only folder, a broken file) are off, not fatal.
    std::unique_ptr<sasae::AnalyticsStore> analytics;
    if (!no_analytics) {
        if (analytics_path.empty()) analytics_path = sasae::default_analytics_path(db_paths.front());
        try {
            analytics = std::make_unique<sasae::AnalyticsStore>(analytics_path, retention_days);
            config.analytics = analytics.get();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "sasae-server: usage analytics off: %s\n", e.what());
        }
    }

    std::unique_ptr<sasae::IndexReader> reader_owner;
    try {
        reader_owner = std::make_unique<sasae::IndexReader>(db_paths, cache_mb << 20);
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "sasae-server: %s\n", e.what());
        return 2;
    }
    const sasae::IndexReader& reader = *reader_owner;
    std::unique_ptr<sasae::MasterProbe> master;
    if (!replica_of.empty()) {
        try {
            master = std::make_unique<sasae::MasterProbe>(replica_of);
        } catch (const std::invalid_argument& e) {
            std::fprintf(stderr, "sasae-server: %s\n", e.what());
            return 2;
        }
        config.master = master.get();
    }
    httplib::Server server;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_payload_max_length(sasae::kMaxRequestBodyBytes);
    server.set_read_timeout(5, 0);
    server.set_write_timeout(5, 0);
    server.set_keep_alive_max_count(1000);
    // Idle keep-alive connections give their worker back quickly (and do not delay shutdown).
    server.set_keep_alive_timeout(2);
    // Headers and body go out as separate writes; without TCP_NODELAY the body waits for the
    // client's delayed ACK (about 40 ms per request on a kept-alive connection).
    server.set_tcp_nodelay(true);
    // cpp-httplib's default sets SO_REUSEPORT, with which a second server on the same port
    // starts "fine" and silently takes half the requests: only SO_REUSEADDR (a restart is not
    // kept waiting by the last run's TIME_WAIT sockets), so a taken port is an error.
    server.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    try {
        sasae::install_routes(server, reader, config);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sasae-server: %s\n", e.what());
        return 2;
    }

    int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
    if (bound < 0) {
        std::fprintf(stderr, "sasae-server: cannot listen on %s:%d (is another server using the port?)\n", host.c_str(),
                     port);
        return 2;
    }
    g_server = &server;
    std::signal(SIGINT, stop);
    std::signal(SIGTERM, stop);
    std::printf("sasae-server: listening on http://%s:%d/ (index %s, page %s)\n", host.c_str(), bound, reader.path().c_str(),
                config.web_root.c_str());
    std::fflush(stdout);
    return server.listen_after_bind() ? 0 : 1;
}

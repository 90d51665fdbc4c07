// The periodic reindex against a live server, with real processes and files: the server
// never serves a broken index and nothing is lost.
#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <regex>
#include <thread>

#include "../unit/temp_dir.h"
#include "child_process.h"

using nlohmann::json;
using sasae::test::ChildProcess;
using sasae::test::run_command;
using sasae::test::TempDir;

namespace {

// A realistic-looking case note, about 2 KB.
std::string note(int n, const std::string& marker = "") {
    std::string body;
    for (int i = 0; i < 8; ++i)
        body += "EC2 インスタンス i-" + std::to_string(100000 + n) + " が ap-northeast-1 で起動しない事象を確認した。"
                "CloudWatch のメトリクスとシステムログを確認し、InsufficientInstanceCapacity を疑った。\n";
    return "---\ntitle: ノート " + std::to_string(n) + " " + marker + "\nservices: [EC2]\n---\n## 事象\n" + body;
}

void write_notes(const TempDir& dir, int from, int to, const std::string& marker = "") {
    for (int i = from; i < to; ++i) dir.write("cases/n" + std::to_string(i) + ".md", note(i, marker));
}

sasae::test::RunResult index(const TempDir& db, const TempDir& content) {
    return run_command({SASAE_INDEX_BIN, "--db", db.str(), "-q", content.str()});
}

int search_count(const TempDir& db, const std::string& query) {
    auto r = run_command({SASAE_SEARCH_BIN, "--db", db.str(), "-n", "100", query});
    REQUIRE(r.exit_code == 0);
    return static_cast<int>(std::count(r.output.begin(), r.output.end(), '\n'));
}

struct Server {
    std::unique_ptr<ChildProcess> process;
    int port = 0;
    explicit Server(const TempDir& db) {
        process = std::make_unique<ChildProcess>(std::vector<std::string>{
            SASAE_SERVER_BIN, "--db", db.str(), "--web", SASAE_SOURCE_DIR "/web", "--port", "0", "--no-access-log",
            "--no-analytics"});
        std::smatch m;
        std::string line = process->wait_for_line("listening on");
        REQUIRE(std::regex_search(line, m, std::regex(R"(:(\d+)/)")));
        port = std::stoi(m[1]);
    }
};

}  // namespace

TEST_CASE("reindex while a client searches: zero failed requests, new notes become visible", "[reindex][live]") {
    TempDir content, db;
    write_notes(content, 0, 600);
    REQUIRE(index(db, content).exit_code == 0);
    Server server(db);

    std::atomic<bool> stop{false};
    std::atomic<int> ok{0}, failed{0};
    std::thread client([&] {
        httplib::Client c("127.0.0.1", server.port);
        c.set_read_timeout(10, 0);
        const char* queries[] = {"/api/search?q=InsufficientInstanceCapacity", "/api/search?q=%E8%B5%B7%E5%8B%95",
                                 "/api/search?q=zzfresh", "/healthz"};
        for (int i = 0; !stop; ++i) {
            auto res = c.Get(queries[i % 4]);
            (res && res->status == 200 ? ok : failed)++;
        }
    });
    write_notes(content, 600, 1200, "zzfresh");
    for (int i = 0; i < 100; ++i) content.write("cases/n" + std::to_string(i) + ".md", note(i, "changed"));
    auto r = index(db, content);
    CHECK(r.exit_code == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    stop = true;
    client.join();
    CHECK(failed == 0);
    CHECK(ok > 20);

    httplib::Client c("127.0.0.1", server.port);
    auto res = c.Get("/api/search?q=zzfresh&per_page=1");
    REQUIRE(res);
    CHECK(json::parse(res->body)["total"] == 600);
    // Index, serve, reindex, stop: a clean exit (in the sanitizer build: no leaks either).
    CHECK(server.process->terminate() == 0);
}

TEST_CASE("an indexer killed mid-run leaves the last revision searchable, the rerun finishes", "[reindex][kill]") {
    TempDir content, db;
    write_notes(content, 0, 50);
    REQUIRE(index(db, content).exit_code == 0);
    write_notes(content, 50, 3000, "zzlate");
    {
        ChildProcess indexer({SASAE_INDEX_BIN, "--db", db.str(), "--progress-lines", content.str()});
        indexer.wait_for_line("progress: 1000/");
        indexer.kill_hard();
    }
    CHECK(search_count(db, "ノート") == 50);  // the committed revision, nothing half-written
    CHECK(search_count(db, "zzlate") == 0);
    auto rerun = index(db, content);
    CHECK(rerun.exit_code == 0);
    CHECK_THAT(rerun.output, Catch::Contains("2950 added"));
    CHECK(search_count(db, "zzlate") == 100);  // -n 100 caps the count
}

TEST_CASE("a second indexer on the same index is refused at once with exit code 3", "[reindex][lock]") {
    TempDir content, db;
    write_notes(content, 0, 2500);
    ChildProcess first({SASAE_INDEX_BIN, "--db", db.str(), "--progress-lines", content.str()});
    first.wait_for_line("progress: 100/");
    auto start = std::chrono::steady_clock::now();
    auto second = index(db, content);
    auto took = std::chrono::steady_clock::now() - start;
    CHECK(second.exit_code == 3);
    CHECK_THAT(second.output, Catch::Contains("locked"));
    CHECK(took < std::chrono::seconds(2));
    CHECK(first.wait_exit() == 0);
}

TEST_CASE("a broken file keeps its last good version, exits 1, and /healthz shows the run", "[reindex][errors]") {
    TempDir content, db;
    content.write("cases/good.md", "---\ntitle: 良いノート\n---\n本文\n");
    content.write("cases/flaky.md", "---\ntitle: zzflaky 初版\n---\n本文\n");
    REQUIRE(index(db, content).exit_code == 0);
    content.write("cases/flaky.md", "---\ntitle: [壊れた\n---\n本文\n");
    auto r = index(db, content);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("cases/flaky.md:"));
    CHECK(search_count(db, "zzflaky") == 1);

    Server server(db);
    httplib::Client c("127.0.0.1", server.port);
    auto res = c.Get("/healthz");
    REQUIRE(res);
    auto health = json::parse(res->body);
    CHECK(health["status"] == "degraded");
    CHECK(health["last_run"]["failed"] == 1);
    CHECK_THAT(health["last_run"]["failures"][0].get<std::string>(), Catch::Contains("cases/flaky.md"));
    CHECK(health["last_run"]["unchanged"] == 1);
}

TEST_CASE("/healthz reports degraded when the index is older than --stale-after", "[reindex][health]") {
    TempDir content, db;
    content.write("cases/a.md", "# a\n");
    REQUIRE(index(db, content).exit_code == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    ChildProcess process(
        {SASAE_SERVER_BIN, "--db", db.str(), "--port", "0", "--stale-after", "1", "--no-access-log", "--no-analytics"});
    std::smatch m;
    std::string line = process.wait_for_line("listening on");
    REQUIRE(std::regex_search(line, m, std::regex(R"(:(\d+)/)")));
    httplib::Client c("127.0.0.1", std::stoi(m[1]));
    auto health = json::parse(c.Get("/healthz")->body);
    CHECK(health["status"] == "degraded");
    CHECK_THAT(health["reasons"][0].get<std::string>(), Catch::Contains("ago"));
}

TEST_CASE("an index path that is not a directory is a clear error, exit code 2", "[reindex][errors]") {
    TempDir content, dir;
    content.write("cases/a.md", "# a\n");
    auto file = dir.write("not-a-dir", "x");
    auto r = run_command({SASAE_INDEX_BIN, "--db", file.string(), "-q", content.str()});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("sasae-index:"));
}

TEST_CASE("sasae-index --report after indexing or alone, no roots and no --report is an error", "[reindex][report]") {
    TempDir content, db, empty;
    content.write("cases/a.md", "---\ntitle: 起動しない\nservices: [EC2]\n---\n[前の件](gone.md)\n");
    auto indexed = run_command({SASAE_INDEX_BIN, "--db", db.str(), "-q", "--report", content.str()});
    CHECK(indexed.exit_code == 0);
    CHECK_THAT(indexed.output, Catch::Contains("sasae-index --report: 1 documents, 1 notes, 2 findings"));
    CHECK_THAT(indexed.output, Catch::Contains("broken-link\tcases/a\tcases/gone"));
    CHECK_THAT(indexed.output, Catch::Contains("missing-date\tcases/a"));
    auto alone = run_command({SASAE_INDEX_BIN, "--db", db.str(), "--report"});
    CHECK(alone.exit_code == 0);
    CHECK_THAT(alone.output, Catch::Contains("2 findings"));
    auto nothing = run_command({SASAE_INDEX_BIN, "--db", db.str()});
    CHECK(nothing.exit_code == 2);
    CHECK_THAT(nothing.output, Catch::Contains("give at least one content root"));
    auto no_index = run_command({SASAE_INDEX_BIN, "--db", (empty.path() / "none").string(), "--report"});
    CHECK(no_index.exit_code == 2);
    CHECK_THAT(no_index.output, Catch::Contains("cannot read the index for --report"));
}

TEST_CASE("sasae-server --inbox refuses to start without an API token or a usable folder", "[reindex][inbox]") {
    TempDir db, inbox, dir;
    auto no_token = run_command({SASAE_SERVER_BIN, "--db", db.str(), "--port", "0", "--no-analytics", "--inbox", inbox.str()});
    CHECK(no_token.exit_code == 2);
    CHECK_THAT(no_token.output, Catch::Contains("--inbox needs an API token"));
    const auto token = dir.write("token", "inbox-test-token-0123456789\n");
    auto no_folder = run_command({SASAE_SERVER_BIN, "--db", db.str(), "--port", "0", "--no-analytics", "--token-file", token.string(),
                                  "--inbox", (inbox.path() / "missing").string()});
    CHECK(no_folder.exit_code == 2);
    CHECK_THAT(no_folder.output, Catch::Contains("is not a directory"));
}

TEST_CASE("the server without an index answers 503 in the error shape, then serves once indexed", "[reindex][errors]") {
    TempDir content, db;
    content.write("cases/a.md", "---\ntitle: zzlater\n---\n");
    Server server(db);
    httplib::Client c("127.0.0.1", server.port);
    auto before = c.Get("/api/search?q=zzlater");
    REQUIRE(before);
    CHECK(before->status == 503);
    CHECK(json::parse(before->body)["error"]["code"] == "index_unavailable");
    REQUIRE(index(db, content).exit_code == 0);
    auto after = c.Get("/api/search?q=zzlater");
    REQUIRE(after);
    CHECK(after->status == 200);
    CHECK(json::parse(after->body)["total"] == 1);
}

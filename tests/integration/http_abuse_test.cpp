// Hostile and careless clients against the real server: it answers each with a clear error,
// keeps serving everyone else, and never lets content markup or files outside web/ through.
#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

#include "../unit/temp_dir.h"
#include "child_process.h"

using nlohmann::json;
using sasae::test::ChildProcess;
using sasae::test::TempDir;

namespace {

const char* kToken = "s3cret-token-for-tests-0123456789";

// One server with an API token over content/ plus a note full of markup.
class GuardedServer {
public:
    static GuardedServer& get() {
        static GuardedServer instance;
        return instance;
    }
    httplib::Client client(bool with_token = true) const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(15, 0);
        if (with_token) c.set_bearer_token_auth(kToken);
        return c;
    }
    int port() const { return port_; }
    const TempDir& inbox() const { return inbox_; }

private:
    GuardedServer() {
        content_.write("cases/hostile.md",
                       "---\ntitle: \"<script>alert('t')</script> zzhostile\"\ntags: [\"<img src=x onerror=alert(1)>\"]\n---\n"
                       "# 見出し\n\n<script>alert('body')</script>\n\n[click](javascript:alert(1)) zzhostile 本文\n");
        token_file_ = dir_.write("token", std::string(kToken) + "\n");
        auto r = sasae::test::run_command({SASAE_INDEX_BIN, "--db", db_.str(), "-q", SASAE_SOURCE_DIR "/content",
                                           "extra=" + content_.str()});
        if (r.exit_code != 0) throw std::runtime_error(r.output);
        server_ = std::make_unique<ChildProcess>(std::vector<std::string>{
            SASAE_SERVER_BIN, "--db", db_.str(), "--web", SASAE_SOURCE_DIR "/web", "--port", "0", "--no-access-log",
            "--token-file", token_file_.string(), "--inbox", inbox_.str(), "--analytics",
            (dir_.path() / "analytics.sqlite").string()});
        std::smatch m;
        std::string line = server_->wait_for_line("listening on");
        if (!std::regex_search(line, m, std::regex(R"(:(\d+)/)"))) throw std::runtime_error(line);
        port_ = std::stoi(m[1]);
    }
    TempDir dir_, db_, content_, inbox_;
    std::filesystem::path token_file_;
    std::unique_ptr<ChildProcess> server_;
    int port_ = 0;
};

// A raw TCP connection, for clients no HTTP library would be.
class RawSocket {
public:
    explicit RawSocket(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect");
    }
    ~RawSocket() { close(fd_); }
    void send_text(const std::string& s) { (void)::send(fd_, s.data(), s.size(), MSG_NOSIGNAL); }

private:
    int fd_;
};

bool server_answers() {
    auto res = GuardedServer::get().client().Get("/healthz");
    return res && res->status == 200;
}

void check_error(const httplib::Result& res, int status, const std::string& code) {
    REQUIRE(res);
    INFO(res->body);
    CHECK(res->status == status);
    auto j = json::parse(res->body, nullptr, false);
    REQUIRE(j.is_object());
    CHECK(j["error"]["code"] == code);
}

}  // namespace

TEST_CASE("with a token configured, the API refuses requests without it", "[abuse][token]") {
    auto anonymous = GuardedServer::get().client(false);
    auto res = anonymous.Get("/api/search?q=EC2");
    check_error(res, 401, "unauthorized");
    CHECK(res->get_header_value("WWW-Authenticate").find("Bearer") == 0);
    httplib::Client wrong("127.0.0.1", GuardedServer::get().port());
    wrong.set_bearer_token_auth("s3cret-token-for-tests-0123456788");
    check_error(wrong.Get("/api/search?q=EC2"), 401, "unauthorized");
    check_error(anonymous.Post("/api/suggest", "{}", "application/json"), 401, "unauthorized");
    // The reports of how sasae is used and of what to mend name queries and notes.
    check_error(anonymous.Get("/api/analytics"), 401, "unauthorized");
    check_error(anonymous.Get("/api/content-report"), 401, "unauthorized");
    CHECK(GuardedServer::get().client().Get("/api/search?q=EC2")->status == 200);
    httplib::Headers lower = {{"Authorization", std::string("bearer ") + kToken}};
    CHECK(anonymous.Get("/api/search?q=EC2", lower)->status == 200);  // the scheme is case-insensitive
    // Monitoring, the page itself and the schema it starts from stay reachable.
    CHECK(anonymous.Get("/healthz")->status == 200);
    CHECK(anonymous.Get("/")->status == 200);
    CHECK(anonymous.Get("/api/schema")->status == 200);
    check_error(anonymous.Get("/api/schema/../search?q=EC2"), 401, "unauthorized");
}

std::vector<std::string> inbox_files() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(GuardedServer::get().inbox().path()))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

TEST_CASE("the inbox takes a note only with the token, under its own name, never over another", "[abuse][inbox]") {
    auto c = GuardedServer::get().client();
    const json note = {{"markdown", "---\ntitle: \"EC2 が起動しない\"\nkind: case\n---\n\n## 事象\n\n起動しない。\n"},
                       {"file", "../../../etc/passwd"}, {"name", "/tmp/x.md"}};
    check_error(GuardedServer::get().client(false).Post("/api/notes", note.dump(), "application/json"), 401, "unauthorized");
    CHECK(inbox_files().empty());
    auto first = c.Post("/api/notes", note.dump(), "application/json");
    auto second = c.Post("/api/notes", note.dump(), "application/json");  // the same note twice: two files
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->status == 201);
    CHECK(second->status == 201);
    const std::string a = json::parse(first->body)["file"], b = json::parse(second->body)["file"];
    CHECK(a != b);
    CHECK(std::regex_match(a, std::regex(R"(note-\d{8}-\d{6}-[0-9a-f]{8}(-\d+)?\.md)")));
    CHECK(inbox_files() == std::vector<std::string>{std::min(a, b), std::max(a, b)});  // nothing else, no temporary file
    CHECK_FALSE(std::filesystem::exists("/tmp/x.md"));
}

TEST_CASE("the inbox refuses what the indexer could not take, and says why", "[abuse][inbox]") {
    auto c = GuardedServer::get().client();
    auto post = [&](const std::string& md) { return c.Post("/api/notes", json{{"markdown", md}}.dump(), "application/json"); };
    const auto before = inbox_files();
    check_error(post("本文だけ"), 400, "invalid_note");
    check_error(post("---\ntitle: x\n本文"), 400, "invalid_note");
    check_error(post("---\nkind: case\n---\n本文\n"), 400, "invalid_note");
    check_error(post("---\ntitle: x\n---\n" + std::string(70 * 1024, 'a')), 413, "note_too_large");
    check_error(c.Post("/api/notes", "{\"markdown\": 3}", "application/json"), 400, "invalid_field");
    check_error(c.Post("/api/notes", std::string("{\"markdown\": \"---\\ntitle: \xff\\n---\\n\"}"), "application/json"), 400,
                "invalid_json");
    CHECK(inbox_files() == before);  // nothing written
}

TEST_CASE("markup in titles, front matter and Markdown never comes back as markup", "[abuse][xss]") {
    auto c = GuardedServer::get().client();
    auto res = c.Get("/api/search?q=zzhostile");
    REQUIRE(res);
    auto j = json::parse(res->body);
    REQUIRE(j["hits"].size() == 1);
    std::string snippet = j["hits"][0]["snippet"];
    CHECK(snippet.find("<script") == std::string::npos);
    CHECK(snippet.find("<mark>zzhostile</mark>") != std::string::npos);
    auto doc = json::parse(c.Get("/api/documents/extra/cases/hostile")->body);
    std::string html = doc["html"];
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("javascript:") == std::string::npos);
    CHECK(doc["title"] == "<script>alert('t')</script> zzhostile");  // data, for textContent
}

TEST_CASE("a huge header and a huge URL get errors and the server stays up", "[abuse][limits]") {
    {
        RawSocket s(GuardedServer::get().port());
        s.send_text("GET /api/search?q=a HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(200 * 1024, 'a') + "\r\n\r\n");
    }
    check_error(GuardedServer::get().client().Get(("/api/search?q=" + std::string(20000, 'a')).c_str()), 414,
                "uri_too_long");
    CHECK(server_answers());
}

TEST_CASE("deeply nested JSON is refused, not recursed into", "[abuse][json]") {
    std::string deep = std::string(100000, '[') + std::string(100000, ']');
    check_error(GuardedServer::get().client().Post("/api/suggest", deep, "application/json"), 400, "invalid_json");
    std::string deep_object = "{\"title\":" + std::string(50000, '[') + std::string(50000, ']') + "}";
    check_error(GuardedServer::get().client().Post("/api/suggest", deep_object, "application/json"), 400, "invalid_field");
    CHECK(server_answers());
}

TEST_CASE("malformed UTF-8 in paths and bodies is a clear error", "[abuse][utf8]") {
    auto c = GuardedServer::get().client();
    check_error(c.Get("/api/documents/%FF%FE"), 404, "not_found");
    check_error(c.Post("/api/suggest", "{\"title\": \"\xff\xfe\"}", "application/json"), 400, "invalid_json");
}

TEST_CASE("a query of hundreds of words and a draft of thousands of distinct words stay fast", "[abuse][load]") {
    auto c = GuardedServer::get().client();
    std::string q;
    for (int i = 0; q.size() < 990; ++i) q += "w" + std::to_string(i) + " ";
    auto start = std::chrono::steady_clock::now();
    auto res = c.Get(("/api/search?q=" + httplib::detail::encode_query_param(q)).c_str());
    REQUIRE(res);
    CHECK(res->status == 200);
    std::string body;
    for (int i = 0; body.size() < 60 * 1024; ++i) body += "term" + std::to_string(i) + " 起動" + std::to_string(i) + " ";
    json draft = {{"title", "t"}, {"body", body}};
    auto s = c.Post("/api/suggest", draft.dump(), "application/json");
    REQUIRE(s);
    CHECK(s->status == 200);
    CHECK(json::parse(s->body)["terms"].size() <= 24);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("slow and idle clients do not starve the others", "[abuse][slow]") {
    std::vector<std::unique_ptr<RawSocket>> idle;
    for (int i = 0; i < 20; ++i) {
        idle.push_back(std::make_unique<RawSocket>(GuardedServer::get().port()));
        idle.back()->send_text("GET /api/search?q=a HTTP/1.1\r\nHo");  // never finishes its request
    }
    auto start = std::chrono::steady_clock::now();
    CHECK(server_answers());
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("more connections than workers: every request is answered", "[abuse][concurrency]") {
    std::vector<std::thread> clients;
    std::atomic<int> ok{0};
    for (int i = 0; i < 48; ++i) {
        clients.emplace_back([&, i] {
            auto c = GuardedServer::get().client();
            auto res = c.Get(i % 2 ? "/api/search?q=EC2" : "/api/search?q=%E8%B5%B7%E5%8B%95");
            if (res && res->status == 200) ++ok;
        });
    }
    for (auto& t : clients) t.join();
    CHECK(ok == 48);
}

TEST_CASE("path traversal, encoded or through a symlink, never leaves web/", "[abuse][static]") {
    TempDir web;
    web.write("index.html", "<!doctype html><title>t</title>");
    TempDir outside;
    auto secret = outside.write("secret.txt", "TOPSECRET");
    std::filesystem::create_symlink(secret, web.path() / "leak.txt");
    TempDir db;
    ChildProcess server({SASAE_SERVER_BIN, "--db", db.str(), "--web", web.str(), "--port", "0", "--no-access-log", "--no-analytics"});
    std::smatch m;
    std::string line = server.wait_for_line("listening on");
    REQUIRE(std::regex_search(line, m, std::regex(R"(:(\d+)/)")));
    httplib::Client c("127.0.0.1", std::stoi(m[1]));
    for (const char* path : {"/leak.txt", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
                             "/%252e%252e/etc/passwd", "/.%2e/.%2e/etc/passwd", "//etc/passwd"}) {
        INFO(path);
        auto res = c.Get(path);
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK(res->body.find("TOPSECRET") == std::string::npos);
        CHECK(res->body.find("root:") == std::string::npos);
    }
    CHECK(c.Get("/")->status == 200);
}

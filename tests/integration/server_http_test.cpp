// The HTTP contract, checked against the real sasae-server over a real index of content/.
#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <regex>
#include <ctime>
#include <thread>
#include <chrono>
#include <set>

#include "../unit/temp_dir.h"
#include "child_process.h"

using nlohmann::json;
using sasae::test::ChildProcess;
using sasae::test::TempDir;

namespace {

// One indexed copy of the starter content and one server for every test in this file.
class LiveServer {
public:
    static LiveServer& get() {
        static LiveServer instance;
        return instance;
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(10, 0);
        return c;
    }
    int port() const { return port_; }
    const TempDir& db() const { return db_; }

private:
    LiveServer() {
        auto r = sasae::test::run_command({SASAE_INDEX_BIN, "--db", db_.str(), "-q", SASAE_SOURCE_DIR "/content"});
        if (r.exit_code != 0) throw std::runtime_error("indexing content/ failed: " + r.output);
        server_ = std::make_unique<ChildProcess>(std::vector<std::string>{
            SASAE_SERVER_BIN, "--db", db_.str(), "--web", SASAE_SOURCE_DIR "/web", "--port", "0", "--analytics",
            (state_.path() / "analytics.sqlite").string()});
        std::string line = server_->wait_for_line("listening on");
        std::smatch m;
        if (!std::regex_search(line, m, std::regex(R"(127\.0\.0\.1:(\d+))"))) throw std::runtime_error(line);
        port_ = std::stoi(m[1]);
    }
    TempDir db_, state_;
    std::unique_ptr<ChildProcess> server_;
    int port_ = 0;
};

json get_json(const std::string& path, int expected_status = 200) {
    auto res = LiveServer::get().client().Get(path.c_str());
    REQUIRE(res);
    INFO(path << " -> " << res->body);
    REQUIRE(res->status == expected_status);
    CHECK(res->get_header_value("Content-Type").find("application/json") == 0);
    return json::parse(res->body);
}

json post_json(const std::string& path, const std::string& body, int expected_status = 200) {
    auto res = LiveServer::get().client().Post(path.c_str(), body, "application/json");
    REQUIRE(res);
    INFO(path << " -> " << res->body.substr(0, 500));
    REQUIRE(res->status == expected_status);
    return json::parse(res->body);
}

std::string q(const std::string& s) { return httplib::detail::encode_query_param(s); }

// A word no document holds, different on each run: letters only, since digits are a word of
// their own ("zzanalytics502" finds the 502 notes).
std::string unique_word(const std::string& prefix) {
    std::string out = prefix;
    for (char c : std::to_string(std::time(nullptr) % 100000)) out += static_cast<char>('a' + (c - '0'));
    return out;
}

void check_error(const json& j, const std::string& code) {
    REQUIRE(j.contains("error"));
    CHECK(j["error"]["code"] == code);
    CHECK(j["error"]["message"].is_string());
}

std::vector<std::string> ids_of(const json& hits) {
    std::vector<std::string> out;
    for (const auto& h : hits) out.push_back(h["id"]);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("GET /api/search answers in the contract's shape", "[http][search]") {
    auto j = get_json("/api/search?q=" + q("InsufficientInstanceCapacity"));
    CHECK(j["query"] == "InsufficientInstanceCapacity");
    CHECK(j["total"].get<int>() >= 2);
    CHECK(j["took_ms"].is_number());
    REQUIRE(!j["hits"].empty());
    const auto& hit = j["hits"][0];
    for (const char* key : {"id", "kind", "title", "url", "services", "tags", "date", "score", "snippet"}) {
        INFO(key);
        CHECK(hit.contains(key));
    }
    CHECK(hit["id"] == "cases/ec2-insufficient-capacity-tokyo");
    CHECK(hit["snippet"].get<std::string>().find("<mark>InsufficientInstanceCapacity</mark>") != std::string::npos);
    for (const char* facet : {"kind", "service", "tag"}) CHECK(j["facets"].contains(facet));
}

TEST_CASE("a Japanese query finds the case and highlights the Japanese words", "[http][search][japanese]") {
    auto j = get_json("/api/search?q=" + q("ロードバランサー 502"));
    auto ids = ids_of(j["hits"]);
    CHECK(has(ids, "cases/alb-502-keepalive-timeout"));
    bool marked = false;
    for (const auto& h : j["hits"]) marked |= h["snippet"].get<std::string>().find("<mark>502</mark>") != std::string::npos;
    CHECK(marked);
}

TEST_CASE("inline filters and parameters narrow results and facets agree", "[http][search][filters]") {
    auto inline_filter = get_json("/api/search?q=" + q("InsufficientInstanceCapacity kind:doc"));
    for (const auto& h : inline_filter["hits"]) CHECK(h["kind"] == "doc");
    auto param_filter = get_json("/api/search?q=InsufficientInstanceCapacity&kind=doc");
    CHECK(ids_of(inline_filter["hits"]) == ids_of(param_filter["hits"]));
    // The kind facet still counts the other kinds, so a person can switch.
    CHECK(param_filter["facets"]["kind"]["doc"].get<int>() == param_filter["total"].get<int>());
    CHECK(param_filter["facets"]["kind"].contains("case"));
}

TEST_CASE("GET /api/schema lists the counted facets and the kinds the responses use", "[http][schema]") {
    auto schema = get_json("/api/schema");
    std::vector<std::string> facet_names, kind_names;
    for (const auto& f : schema["facets"]) {
        facet_names.push_back(f["name"]);
        CHECK_FALSE(f["label"].get<std::string>().empty());
        CHECK(f["shown"].get<int>() > 0);
    }
    CHECK(facet_names == std::vector<std::string>{"kind", "service", "tag", "region"});
    // Every facet the schema names is counted in a search response, under that name.
    auto search = get_json("/api/search?q=EC2");
    for (const auto& name : facet_names) CHECK(search["facets"].contains(name));
    // Every kind has its list in a suggest response, under its group key.
    auto suggest = post_json("/api/suggest", R"({"title":"EC2 が起動しない","body":""})");
    for (const auto& k : schema["kinds"]) {
        kind_names.push_back(k["name"]);
        CHECK(suggest.contains(k["group"].get<std::string>()));
        CHECK(k["lends_citations"].is_boolean());
    }
    CHECK(kind_names == std::vector<std::string>{"case", "doc", "blog"});
}

TEST_CASE("the region parameter filters, and the region facet counts, over HTTP", "[http][search][regions]") {
    auto tokyo = get_json("/api/search?q=" + q("EC2") + "&region=ap-northeast-1");
    REQUIRE(tokyo["total"].get<int>() > 0);
    CHECK(tokyo["facets"]["region"]["ap-northeast-1"] == tokyo["total"]);
    auto inline_filter = get_json("/api/search?q=" + q("EC2 region:ap-northeast-1"));
    CHECK(ids_of(inline_filter["hits"]) == ids_of(tokyo["hits"]));
}

TEST_CASE("a resource ID finds only the note that names it", "[http][search][identifiers]") {
    auto j = get_json("/api/search?q=" + q("i-0a1b2c3d4e5f67890"));
    CHECK(ids_of(j["hits"]) == std::vector<std::string>{"cases/ec2-insufficient-capacity-tokyo"});
}

TEST_CASE("a phrase query and an exclusion work over HTTP", "[http][search]") {
    auto phrase = get_json("/api/search?q=" + q("\"Too many connections\""));
    CHECK(has(ids_of(phrase["hits"]), "cases/rds-mysql-too-many-connections-lambda"));
    auto excluded = get_json("/api/search?q=" + q("\"Too many connections\" -Lambda"));
    CHECK_FALSE(has(ids_of(excluded["hits"]), "cases/rds-mysql-too-many-connections-lambda"));
}

TEST_CASE("pagination returns different pages and sort by date orders by date", "[http][search]") {
    auto p1 = get_json("/api/search?q=EC2&per_page=3&page=1");
    auto p2 = get_json("/api/search?q=EC2&per_page=3&page=2");
    REQUIRE(p1["hits"].size() == 3);
    CHECK(ids_of(p1["hits"]) != ids_of(p2["hits"]));
    auto by_date = get_json("/api/search?kind=case&sort=date&per_page=20");
    std::string previous = "9999";
    for (const auto& h : by_date["hits"]) {
        CHECK(h["date"].get<std::string>() <= previous);
        previous = h["date"];
    }
}

TEST_CASE("search input errors are JSON errors with 400", "[http][search][errors]") {
    check_error(get_json("/api/search?q=", 400), "missing_query");
    check_error(get_json("/api/search", 400), "missing_query");
    check_error(get_json("/api/search?q=" + std::string(1001, 'a'), 400), "query_too_long");
    check_error(get_json("/api/search?q=a&page=0", 400), "invalid_page");
    check_error(get_json("/api/search?q=a&page=-1", 400), "invalid_page");
    check_error(get_json("/api/search?q=a&per_page=abc", 400), "invalid_per_page");
    check_error(get_json("/api/search?q=a&per_page=1000", 400), "invalid_per_page");
    check_error(get_json("/api/search?q=a&sort=random", 400), "invalid_sort");
    check_error(get_json("/api/search?q=%FF%FE", 400), "invalid_utf8");
}

TEST_CASE("POST /api/suggest returns cases, docs and blogs with why", "[http][suggest]") {
    json draft = {{"title", "ALB が 502 Bad Gateway を返す"},
                  {"body", "ap-northeast-1 の ALB 配下の EC2 ターゲットから断続的に 502 が返ります。"
                           "ターゲットのキープアライブのタイムアウトが短いのではないかと考えています。"
                           "アクセスログには elb_status_code 502 と target_status_code - が記録されています。"},
                  {"limit", 5}};
    auto j = post_json("/api/suggest", draft.dump());
    CHECK(j["took_ms"].is_number());
    CHECK_FALSE(j["terms"].empty());
    REQUIRE_FALSE(j["cases"].empty());
    CHECK_FALSE(j["docs"].empty());
    CHECK_FALSE(j["blogs"].empty());
    CHECK(has(ids_of(j["cases"]), "cases/alb-502-keepalive-timeout"));
    for (const char* kind : {"cases", "docs", "blogs"})
        for (const auto& h : j[kind]) CHECK(h.contains("why"));
    CHECK_FALSE(j["cases"][0]["why"].empty());
    CHECK(j["cases"].size() <= 5);
    CHECK(j["same_problem"] == true);
}

TEST_CASE("suggest says when no past case is the draft's own problem", "[http][suggest]") {
    // Only a community note (blogs/ebs-first-touch-penalty) tells this problem.
    json draft = {{"title", "スナップショットから復元した EBS ボリュームの初回読み込みが遅い"},
                  {"body", "スナップショットから作成した EBS ボリュームで、最初の読み込みだけ極端に遅くなります。"
                           "初期化 (fio や dd での読み込み) は必要でしょうか。"}};
    auto j = post_json("/api/suggest", draft.dump());
    REQUIRE_FALSE(j["cases"].empty());
    REQUIRE_FALSE(j["blogs"].empty());
    CHECK(j["blogs"][0]["id"] == "blogs/ebs-first-touch-penalty");
    CHECK(j["same_problem"] == false);
    CHECK(j["cases"][0]["score"].get<double>() < 1.0);
}

TEST_CASE("suggest surfaces docs cited by the most similar past cases", "[http][suggest]") {
    json draft = {{"title", "InsufficientInstanceCapacity で EC2 が起動できない"},
                  {"body", "東京リージョンで c5.4xlarge を起動すると InsufficientInstanceCapacity になります。"}};
    auto j = post_json("/api/suggest", draft.dump());
    bool cited = false;
    for (const auto& d : j["docs"]) cited |= !d["cited_by"].empty();
    CHECK(cited);
}

TEST_CASE("suggest input errors: bad JSON 400, oversize draft 413, bad limit 400", "[http][suggest][errors]") {
    check_error(post_json("/api/suggest", "{not json", 400), "invalid_json");
    check_error(post_json("/api/suggest", "[1,2]", 400), "invalid_json");
    check_error(post_json("/api/suggest", R"({"title": 5})", 400), "invalid_field");
    check_error(post_json("/api/suggest", R"({"title": "x", "limit": 0})", 400), "invalid_limit");
    json big = {{"title", "x"}, {"body", std::string(70 * 1024, 'a')}};
    check_error(post_json("/api/suggest", big.dump(), 413), "draft_too_large");
    check_error(post_json("/api/suggest", std::string(600 * 1024, ' '), 413), "payload_too_large");
}

TEST_CASE("an empty draft gets empty suggestions, not an error", "[http][suggest]") {
    auto j = post_json("/api/suggest", R"({"title": "", "body": ""})");
    CHECK(j["cases"].empty());
    CHECK(j["terms"].empty());
}

TEST_CASE("GET /api/documents/{id} renders the note, its links and cited-by", "[http][documents]") {
    auto note = get_json("/api/documents/cases/ec2-insufficient-capacity-tokyo");
    CHECK(note["kind"] == "case");
    CHECK(note["html"].get<std::string>().find("<h2>") != std::string::npos);
    REQUIRE_FALSE(note["links"].empty());
    std::string doc_id;
    for (const auto& l : note["links"])
        if (l["id"].is_string()) doc_id = l["id"];
    REQUIRE_FALSE(doc_id.empty());
    auto doc = get_json("/api/documents/" + doc_id);
    CHECK(has(ids_of(doc["cited_by"]), "cases/ec2-insufficient-capacity-tokyo"));
}

TEST_CASE("an unknown document id is 404 in the error shape", "[http][documents][errors]") {
    check_error(get_json("/api/documents/cases/does-not-exist", 404), "not_found");
    check_error(get_json("/api/nothing-here", 404), "not_found");
}

TEST_CASE("GET /healthz reports status, count, revision and last reindex", "[http][health]") {
    auto j = get_json("/healthz");
    CHECK(j["status"] == "ok");
    CHECK(j["documents"].get<int>() > 100);
    CHECK(j["revision"].get<int>() >= 1);
    CHECK(j["last_reindex"].is_string());
}

TEST_CASE("the page is served with security headers, traversal is refused", "[http][static]") {
    auto c = LiveServer::get().client();
    auto page = c.Get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->get_header_value("Content-Type").find("text/html") == 0);
    CHECK(page->get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
    CHECK(page->get_header_value("X-Content-Type-Options") == "nosniff");
    for (const char* path : {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/..%2fCMakeLists.txt", "/.hidden",
                             "/web/../../etc/passwd"}) {
        INFO(path);
        auto res = c.Get(path);
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK(res->body.find("cmake_minimum_required") == std::string::npos);
    }
}

TEST_CASE("a second server on a port already in use stops with a clear error", "[http][startup]") {
    // Not started "successfully" to take half of the other server's requests (SO_REUSEPORT).
    auto r = sasae::test::run_command({SASAE_SERVER_BIN, "--db", LiveServer::get().db().str(), "--no-analytics", "--port",
                                       std::to_string(LiveServer::get().port())});
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("cannot listen on 127.0.0.1:" + std::to_string(LiveServer::get().port())) != std::string::npos);
    CHECK(get_json("/healthz")["status"].is_string());
}

TEST_CASE("the server picks up a new index revision without restart", "[http][reindex]") {
    TempDir content;
    content.write("cases/fresh.md", "---\ntitle: zzfreshterm のテスト\n---\n本文\n");
    auto before = get_json("/api/search?q=zzfreshterm");
    CHECK(before["total"] == 0);
    auto r = sasae::test::run_command({SASAE_INDEX_BIN, "--db", LiveServer::get().db().str(), "-q",
                                       SASAE_SOURCE_DIR "/content", "extra=" + content.str()});
    REQUIRE(r.exit_code == 0);
    auto after = get_json("/api/search?q=zzfreshterm");
    CHECK(ids_of(after["hits"]) == std::vector<std::string>{"extra/cases/fresh"});
    // Put the index back as the other tests expect it.
    sasae::test::run_command({SASAE_INDEX_BIN, "--db", LiveServer::get().db().str(), "-q", SASAE_SOURCE_DIR "/content"});
}

TEST_CASE("suggest carries lint findings, POST /api/lint returns them alone", "[http][lint]") {
    json draft = {{"title", "【緊急】EC2 が起動しない"}, {"body", "インスタンスが起動しません。"}};
    auto s = post_json("/api/suggest", draft.dump());
    REQUIRE(s["lint"].is_array());
    bool urgency = false;
    for (const auto& f : s["lint"]) {
        CHECK(f.contains("rule"));
        CHECK(f.contains("level"));
        CHECK(f.contains("message"));
        if (f["rule"] == "urgency-words") {
            urgency = true;
            CHECK(f["span"]["start"] == 0);
            CHECK(f["field"] == "title");
        }
    }
    CHECK(urgency);
    auto l = post_json("/api/lint", draft.dump());
    CHECK(l["lint"] == s["lint"]);
    check_error(post_json("/api/lint", "nope", 400), "invalid_json");
}

TEST_CASE("GET /api/lint lists every check once, every finding names one of them", "[http][lint]") {
    auto listed = get_json("/api/lint");
    std::set<std::string> ids;
    for (const auto& r : listed["rules"]) {
        CHECK(ids.insert(r["id"].get<std::string>()).second);
        CHECK((r["level"] == "info" || r["level"] == "warning"));
        CHECK_FALSE(r["message"].get<std::string>().empty());
    }
    for (const char* draft : {R"({"title": "【緊急】EC2", "body": "AKIAABCDEFGHIJKLMNOP 123456789012 と 210987654321"})",
                              R"({"title": "起動しない", "body": "10:30 に止まった"})"}) {
        auto found = post_json("/api/lint", draft);
        REQUIRE_FALSE(found["lint"].empty());
        for (const auto& f : found["lint"]) CHECK(ids.count(f["rule"].get<std::string>()) == 1);
    }
}

TEST_CASE("searches and events reach GET /api/analytics, identifiers masked", "[http][analytics]") {
    const std::string unique = unique_word("zzanalytics");
    get_json("/api/search?q=" + q(unique));  // nothing found
    get_json("/api/search?q=" + q(unique) + "&page=2");  // the same search's next page: not counted again
    auto found = get_json("/api/search?q=" + q("InsufficientInstanceCapacity"));
    REQUIRE_FALSE(found["hits"].empty());
    const json open = {{"type", "open"}, {"doc", found["hits"][0]["id"]}, {"query", "InsufficientInstanceCapacity"}, {"position", 1}};
    auto c = LiveServer::get().client();
    auto posted = c.Post("/api/events", open.dump(), "application/json");
    REQUIRE(posted);
    CHECK(posted->status == 204);
    c.Post("/api/events", json({{"type", "unhelpful"}, {"doc", "blogs/x"}, {"reason", "古い 123456789012"}}).dump(),
           "application/json");
    check_error(post_json("/api/events", R"({"type": "like", "doc": "x"})", 400), "invalid_event");
    check_error(post_json("/api/events", R"({"type": "open"})", 400), "invalid_event");
    // Written by a background thread: the report follows within a moment.
    json report;
    for (int i = 0; i < 50; ++i) {
        report = get_json("/api/analytics");
        if (!report["unhelpful"].empty()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    bool zero = false;
    for (const auto& row : report["zero_result_queries"])
        if (row["query"] == unique) zero = row["searches"] == 1;
    CHECK(zero);
    CHECK(report["clicks_by_position"][0]["position"] == 1);
    CHECK(report["unhelpful"][0]["reasons"] == "古い <account>");
    CHECK(report["daily"].size() >= 1);
    check_error(get_json("/api/analytics?from=2026-13-01", 400), "invalid_date");
    check_error(post_json("/api/events", R"({"type": "shown", "doc": "x"})", 400), "invalid_event");  // the server's own
}

TEST_CASE("the suggestions a draft is shown reach GET /api/analytics with what became of them", "[http][analytics][shown]") {
    auto s = post_json("/api/suggest", R"({"title": "ALB が 502 を返す", "body": "ターゲットのキープアライブ"})");
    std::string first;
    for (const auto& [group, list] : s.items())
        if (list.is_array() && !list.empty() && list[0].is_object() && list[0].contains("id") && first.empty())
            first = list[0]["id"];
    REQUIRE_FALSE(first.empty());
    auto c = LiveServer::get().client();
    c.Post("/api/events", json({{"type", "cite"}, {"doc", first}, {"query", "ALB が 502 を返す"}}).dump(), "application/json");
    bool found = false;
    for (int i = 0; i < 50 && !found; ++i) {
        const json report = get_json("/api/analytics");
        for (const auto& row : report["suggestions"])
            if (row["id"] == first) found = row["shown"].get<int>() >= 1 && row["cited"].get<int>() >= 1;
        if (!found) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(found);
}

TEST_CASE("searches made while typing in one search box count as one search, the last", "[http][analytics][typing]") {
    const std::string unique = unique_word("zztyping");
    auto c = LiveServer::get().client();
    const httplib::Headers box = {{"X-Sasae-Typing", "e2e-box-1"}};
    for (const std::string& typed : {unique.substr(0, 4), unique.substr(0, 7), unique, unique + " ec2"}) {
        auto r = c.Get(("/api/search?q=" + q(typed)).c_str(), box);
        REQUIRE(r);
        CHECK(r->status == 200);
    }
    // A header that is not a box's name is ignored: that search is recorded on its own.
    c.Get(("/api/search?q=" + q(unique.substr(0, 6))).c_str(), httplib::Headers{{"X-Sasae-Typing", "bad key!"}});
    std::set<std::string> recorded;
    for (int i = 0; i < 100 && !recorded.count(unique + " ec2"); ++i) {  // the typing window is 5 s
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        recorded.clear();
        const json report = get_json("/api/analytics");
        for (const auto& row : report["top_queries"]) {
            const std::string query = row["query"];
            if (query.rfind("zzt", 0) == 0) recorded.insert(query);
        }
    }
    CHECK(recorded == std::set<std::string>{unique.substr(0, 6), unique + " ec2"});
}

TEST_CASE("GET /api/content-report lists what to mend, and says the use check waits for the analytics to reach back", "[http][report]") {
    auto r = get_json("/api/content-report");
    CHECK(r["documents"].get<int>() > 100);
    CHECK(r["notes"].get<int>() > 10);
    std::set<std::string> rules;
    for (const auto& rule : r["rules"]) rules.insert(rule["id"].get<std::string>());
    CHECK(rules.count("unopened") == 1);
    CHECK(r["findings"].empty());  // the starter content is clean
    CHECK(r["use_checked"] == false);  // the analytics began with this server
    CHECK(r["use_not_checked"].get<std::string>().find("the analytics reach back to") != std::string::npos);
    CHECK(get_json("/api/content-report?unopened_days=7")["use_not_checked"].get<std::string>().find("fewer than 7 days") != std::string::npos);
    check_error(get_json("/api/content-report?unopened_days=0", 400), "invalid_unopened_days");
    check_error(get_json("/api/content-report?unopened_days=abc", 400), "invalid_unopened_days");
}

TEST_CASE("POST /api/response-target computes the deadline, a plan without the severity is 400", "[http][response-target]") {
    auto t = post_json("/api/response-target",
                       R"({"plan": "developer", "severity": "normal", "opened_at": "2026-11-27T17:00:00+09:00"})");
    CHECK(t["due_at"] == "2026-12-01T09:00:00+09:00");
    CHECK(t["business_hours"] == true);
    check_error(post_json("/api/response-target",
                          R"({"plan": "developer", "severity": "critical", "opened_at": "2026-11-27T17:00:00+09:00"})", 400),
                "severity_not_offered");
    auto table = get_json("/api/response-targets");
    CHECK(table["targets"].size() == 16);
}

TEST_CASE("POST /api/case-json returns create-case input, invalid fields are 400", "[http][case-json]") {
    auto j = post_json("/api/case-json",
                       R"({"title": "EC2 が起動しない", "body": "詳細", "service_code": "amazon-elastic-compute-cloud-linux",
                           "category_code": "instance-issue", "severity": "high"})");
    CHECK(j["subject"] == "EC2 が起動しない");
    CHECK(j["severityCode"] == "high");
    CHECK(j["language"] == "ja");
    check_error(post_json("/api/case-json", R"({"title": "", "body": "x"})", 400), "missing_subject");
}

#include "server/master_probe.h"

#include <httplib.h>

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace sasae {

MasterProbe::MasterProbe(std::string url) : url_(std::move(url)) {
    while (!url_.empty() && url_.back() == '/') url_.pop_back();
    if (url_.rfind("http://", 0) != 0 || url_.size() <= 7)
        throw std::invalid_argument("--replica-of wants the master's http://HOST:PORT, not '" + url_ + "'");
}

MasterState MasterProbe::ask() const {
    MasterState s;
    httplib::Client client(url_);
    client.set_connection_timeout(1, 0);
    client.set_read_timeout(2, 0);
    auto res = client.Get("/healthz");
    if (!res) {
        s.error = "no answer from " + url_ + ": " + httplib::to_string(res.error());
        return s;
    }
    const auto body = nlohmann::json::parse(res->body, nullptr, false);
    if (res->status != 200 || !body.is_object() || !body.value("revision", nlohmann::json()).is_number_unsigned()) {
        s.error = url_ + "/healthz answered " + std::to_string(res->status) + " without a revision";
        return s;
    }
    s.reachable = true;
    s.revision = body["revision"].get<Xapian::rev>();
    if (body.contains("last_reindex") && body["last_reindex"].is_string()) s.last_reindex = body["last_reindex"];
    return s;
}

MasterState MasterProbe::state() const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (!last_ || now - asked_ >= kMaxAge) {
        last_ = ask();
        asked_ = now;
    }
    return *last_;
}

}  // namespace sasae

#include "server/shards.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sasae {
namespace {

std::vector<ShardSpec> read_stub(const std::string& stub) {
    std::ifstream in(stub);
    if (!in) throw std::invalid_argument("cannot read the stub file " + stub);
    const std::filesystem::path dir = std::filesystem::path(stub).parent_path();
    std::vector<ShardSpec> out;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        std::istringstream words(line);
        std::string backend, where;
        words >> backend >> where;
        if (backend.empty() || backend[0] == '#') continue;
        const std::string at = stub + ":" + std::to_string(number) + ": ";
        if (where.empty()) throw std::invalid_argument(at + "'" + backend + "' needs a path or HOST:PORT");
        if (backend == "auto" || backend == "glass") {
            const std::filesystem::path p(where);
            const std::string path = (p.is_absolute() ? p : dir / p).lexically_normal().string();
            out.push_back({path, path, "", 0});
        } else if (backend == "remote") {
            const auto colon = where.rfind(':');
            if (where[0] == ':' || colon == std::string::npos || colon + 1 == where.size() ||
                where.find_first_not_of("0123456789", colon + 1) != std::string::npos)
                throw std::invalid_argument(at + "remote shards are HOST:PORT (xapian-tcpsrv); '" + where + "' is not");
            const unsigned long port = std::stoul(where.substr(colon + 1));
            if (port == 0 || port > 65535) throw std::invalid_argument(at + "port " + where.substr(colon + 1) + " is out of range");
            out.push_back({"remote " + where, "", where.substr(0, colon), static_cast<unsigned>(port)});
        } else {
            throw std::invalid_argument(at + "unknown backend '" + backend + "' (auto, glass or remote)");
        }
    }
    if (out.empty()) throw std::invalid_argument("the stub file " + stub + " names no database");
    return out;
}

}  // namespace

std::vector<ShardSpec> shard_specs(const std::vector<std::string>& sources) {
    std::vector<ShardSpec> out;
    for (const auto& source : sources) {
        if (std::filesystem::is_directory(source) || !std::filesystem::exists(source)) {
            out.push_back({source, source, "", 0});  // an index (a missing one: 503 until it exists)
            continue;
        }
        for (auto& spec : read_stub(source)) out.push_back(std::move(spec));
    }
    return out;
}

Xapian::Database open_shard(const ShardSpec& spec) {
    if (!spec.path.empty()) return Xapian::Database(spec.path);
    return Xapian::Remote::open(spec.host, spec.port, 10000, 10000);
}

}  // namespace sasae

#include "server/replica_stub.h"

#include <filesystem>
#include <fstream>

namespace sasae {

std::optional<std::string> replica_copy(const std::string& db_dir) {
    std::ifstream in(std::filesystem::path(db_dir) / kStubFileName);
    if (!in) return std::nullopt;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        // The one line xapian-replicate writes: "auto replica_N" (a path relative to the stub).
        if (line.rfind("auto ", 0) != 0) return std::nullopt;
        std::string copy = line.substr(5);
        while (!copy.empty() && (copy.back() == ' ' || copy.back() == '\r')) copy.pop_back();
        if (copy.empty() || copy.find('/') != std::string::npos || copy == "." || copy == "..") return std::nullopt;
        return copy;
    }
    return std::nullopt;
}

}  // namespace sasae

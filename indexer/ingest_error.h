#pragma once
// A file that cannot be ingested: the message names the file and, where known, the line.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace sasae {

class IngestError : public std::runtime_error {
public:
    IngestError(std::string path, std::size_t line, const std::string& reason)
        : std::runtime_error(format(path, line, reason)), path_(std::move(path)), line_(line), reason_(reason) {}

    const std::string& path() const { return path_; }
    std::size_t line() const { return line_; }  // 0 when the problem has no line
    const std::string& reason() const { return reason_; }

private:
    static std::string format(const std::string& path, std::size_t line, const std::string& reason) {
        return line ? path + ":" + std::to_string(line) + ": " + reason : path + ": " + reason;
    }
    std::string path_;
    std::size_t line_;
    std::string reason_;
};

}  // namespace sasae

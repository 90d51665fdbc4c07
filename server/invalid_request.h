#pragma once
// The error every service throws for a request the caller got wrong; the HTTP layer answers
// 400 (413 for a draft too large) with its code and message in the one JSON error shape.
#include <stdexcept>
#include <string>

namespace sasae {

class InvalidRequest : public std::runtime_error {
public:
    InvalidRequest(std::string code, const std::string& message) : std::runtime_error(message), code_(std::move(code)) {}
    const std::string& code() const { return code_; }

private:
    std::string code_;
};

}  // namespace sasae

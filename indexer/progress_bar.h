#pragma once
// A one-line progress bar on a terminal; silent when stderr is not a terminal (timers, CI).
#include <chrono>
#include <cstddef>

namespace sasae {

class ProgressBar {
public:
    ProgressBar();
    void update(std::size_t done, std::size_t total);
    void finish();

private:
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace sasae

#pragma once
// Runs a real sasae binary as a child process for integration tests.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace sasae::test {

struct RunResult {
    int exit_code;
    std::string output;  // stdout and stderr together
};

// Runs to completion and captures the output.
inline RunResult run_command(const std::vector<std::string>& argv) {
    std::string cmd;
    for (const auto& a : argv) {
        cmd += "'";
        for (char c : a) cmd += c == '\'' ? std::string("'\\''") : std::string(1, c);
        cmd += "' ";
    }
    cmd += "2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) throw std::runtime_error("popen failed");
    std::string out;
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int status = pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// A long-running child (the server): started with its stdout on a pipe, killed on destruction.
class ChildProcess {
public:
    explicit ChildProcess(const std::vector<std::string>& argv) {
        int fds[2];
        if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0)
            throw std::runtime_error("cannot start " + argv[0]);
        posix_spawn_file_actions_destroy(&actions);
        close(fds[1]);
        out_ = fds[0];
    }
    ~ChildProcess() { stop(); }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // Reads stdout until a line containing `marker`; returns that line.
    std::string wait_for_line(const std::string& marker, std::chrono::seconds timeout = std::chrono::seconds(20)) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        fcntl(out_, F_SETFL, O_NONBLOCK);
        while (std::chrono::steady_clock::now() < deadline) {
            char buf[1024];
            ssize_t n = read(out_, buf, sizeof buf);
            if (n > 0) buffer_.append(buf, static_cast<std::size_t>(n));
            std::size_t pos = buffer_.find(marker);
            if (pos != std::string::npos) {
                std::size_t start = buffer_.rfind('\n', pos);
                start = start == std::string::npos ? 0 : start + 1;
                std::size_t end = buffer_.find('\n', pos);
                if (end != std::string::npos) return buffer_.substr(start, end - start);
            }
            if (n <= 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        throw std::runtime_error("timed out waiting for '" + marker + "'; output so far: " + buffer_);
    }

    // Kills the child at once, as a crash or the OOM killer would.
    void kill_hard() {
        if (pid_ <= 0) return;
        kill(pid_, SIGKILL);
        int status;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    // Asks the child to stop (SIGTERM) and returns its exit code; under LeakSanitizer a leak
    // makes that code non-zero.
    int terminate() {
        kill(pid_, SIGTERM);
        return wait_exit();
    }

    // Waits for the child to exit by itself; returns its exit code.
    int wait_exit() {
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    void stop() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            int status;
            for (int i = 0; i < 100 && waitpid(pid_, &status, WNOHANG) == 0; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (waitpid(pid_, &status, WNOHANG) == 0) {
                kill(pid_, SIGKILL);
                waitpid(pid_, &status, 0);
            }
            pid_ = -1;
        }
        if (out_ >= 0) {
            close(out_);
            out_ = -1;
        }
    }

private:
    pid_t pid_ = -1;
    int out_ = -1;
    std::string buffer_;
};

}  // namespace sasae::test

#pragma once
// A thin RAII layer over SQLite for the usage analytics: a connection and prepared statements
// that are closed and finalised on every path, and errors as exceptions that say what failed.
#include <cstdint>
#include <stdexcept>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace sasae {

class SqliteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class SqliteDb {
public:
    enum class Mode { ReadOnly, ReadWriteCreate };
    // Opens `path` (waits up to a second on a lock); throws SqliteError naming the file.
    SqliteDb(const std::string& path, Mode mode);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    void exec(const char* sql);
    // Runs a statement, ignoring failure (ROLLBACK after an error).
    void exec_quietly(const char* sql) noexcept;
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
};

class Statement {
public:
    Statement(const SqliteDb& db, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, std::int64_t v);
    Statement& bind(int i, const std::string& v);
    bool step();  // true while there is a row
    void reset();
    bool is_null(int col) const;
    std::string text(int col) const;
    std::int64_t integer(int col) const;
    double real(int col) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace sasae

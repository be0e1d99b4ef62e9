// The gateway's files hold payments, personal codes of technical contacts and
// private keys: nothing it writes is for other local users. Both executables
// call these first, so the store and its WAL/SHM (SQLite copies the file's
// mode), spool, outbox, keys and PKI are owner-only whatever umask they were
// started with.
#pragma once

#include <filesystem>

#include "core/result.h"

namespace gw {

// umask 077 for this process: every file and directory it creates from now
// on is readable and writable by its owner alone.
void create_files_owner_only();

// chmod 0700 on an existing directory (a data directory made before, by
// another tool or an older version, with a wider mode).
Status restrict_directory_to_owner(const std::filesystem::path& dir);

}  // namespace gw

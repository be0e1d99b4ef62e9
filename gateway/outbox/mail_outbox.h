// Outgoing mail as files: each message is one RFC 5322 .eml file in a spool
// directory that the site's mail transfer agent (or an operator) picks up.
// Files appear atomically (written under a temporary name, then renamed).
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"

namespace gw::outbox {

struct Mail {
  std::string to;
  std::string subject;  // UTF-8; encoded as RFC 2047 when not ASCII
  std::string body;     // UTF-8 plain text
};

// Writes the mail into `dir` (created 0700 if missing); returns the file's path.
Result<std::filesystem::path> write_mail(const std::filesystem::path& dir, const std::string& from,
                                         const Mail& mail);

}  // namespace gw::outbox

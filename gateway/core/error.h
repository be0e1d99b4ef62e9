// Error values crossing module boundaries. A function that can fail returns
// Result<T> (result.h); callers branch on the code and show the message.
// Error codes are not persisted, but operators see their names in logs.
#pragma once

#include <string>
#include <string_view>

#include "core/language.h"

namespace gw {

enum class ErrorCode {
  kInvalidArgument,   // caller supplied a value that cannot be used
  kNotFound,          // the thing asked for does not exist
  kAlreadyExists,     // the thing to create is there already
  kPermissionDenied,  // the caller may not do this
  kConfig,            // configuration file or value is unusable
  kIo,                // file system or socket failure
  kCrypto,            // OpenSSL refused an operation
  kStore,             // the database failed
  kInternal,          // a bug: a state the code should never reach
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  // The same in Latvian where a person may read it on a page (the operator
  // console); empty where only logs and gatewayctl show it.
  std::string message_lv = {};

  // The message in `language`, English when there is no Latvian one.
  const std::string& text(Language language) const {
    return language == Language::kLatvian && !message_lv.empty() ? message_lv : message;
  }
  std::string describe() const;
};

}  // namespace gw

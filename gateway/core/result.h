// Result<T>: a value or an Error. Status is Result<void>.
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>

#include "core/error.h"

namespace gw {

template <class T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

inline Status ok() { return {}; }

}  // namespace gw

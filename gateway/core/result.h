// Result<T>: a value or an Error. Status is Result<void>. [[nodiscard]]: a
// result nobody looks at does not compile (-Werror), so no error is dropped
// by accident; `(void)` says it is dropped on purpose.
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>

#include "core/error.h"

namespace gw {

template <class T>
class [[nodiscard]] Result : public tl::expected<T, Error> {
 public:
  using Base = tl::expected<T, Error>;
  using Base::Base;
  Result() = default;
  // What tl::expected's own and_then/map/or_else return.
  Result(Base base) : Base(std::move(base)) {}  // NOLINT(google-explicit-constructor)
};
using Status = Result<void>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

// A refusal a person may read, in English and Latvian.
inline tl::unexpected<Error> fail(ErrorCode code, std::string en, std::string lv) {
  return tl::unexpected<Error>(Error{code, std::move(en), std::move(lv)});
}

inline Status ok() { return {}; }

}  // namespace gw

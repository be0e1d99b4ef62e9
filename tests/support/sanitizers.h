// Whether this build runs under AddressSanitizer, whose quarantine keeps
// freed memory resident (up to 256 MiB): a process's peak measured from
// outside is higher there, so memory bounds in tests allow for it.
#pragma once

namespace gw::test {

#if defined(__SANITIZE_ADDRESS__)  // gcc
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)  // clang
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

}  // namespace gw::test

// The application form between the browser and policy::ApplicationForm: the
// posted fields read back (rows account_iban_1, signer_name_1, ...), and a
// current application written into the form for its replacement.
#pragma once

#include <cstddef>

#include "http/query_string.h"
#include "policy/application_form.h"
#include "store/application_store.h"
#include "store/identity_store.h"

namespace gw::api {

// Rows the form offers beyond those filled: room for what the form adds.
inline constexpr std::size_t kSpareAccountRows = 3;
inline constexpr std::size_t kSpareSignerRows = 2;
// At most this many rows of each kind are read from a post.
inline constexpr std::size_t kMaxFormRows = 100;

// A blank form with the spare rows, dated `today` (YYYY-MM-DD).
policy::ApplicationForm blank_application_form(const std::string& today);
// The posted form, with the spare rows after the filled ones.
policy::ApplicationForm read_application_form(const http::QueryString& fields);
// The user's current application as a replacement form, registered `today`.
policy::ApplicationForm replacement_form(const store::ApplicationRow& application,
                                         const store::UserIdentity& user, const std::string& today);

}  // namespace gw::api
